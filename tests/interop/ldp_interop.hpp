#pragma once
// What the ldp-frr test program's files share: the ldpsyncd binary under test, the bound for
// waits on FRR, and reading our LDP speaker's state over the control socket.

#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "../common/frr.hpp"
#include "../common/ldpsyncd.hpp"
#include "../common/netns.hpp"

namespace ldpsync::test::ldp_interop {

// What every file of the program uses (`using namespace ldpsync::test::ldp_interop`).
using namespace std::chrono_literals;
using ldpsync::test::eventually;
using ldpsync::test::FrrRouter;
using ldpsync::test::Ldpsyncd;
using ldpsync::test::NetNs;
using Json = nlohmann::json;

// build/control/ldpsyncd, from the command line (empty: the tests skip).
inline std::string g_ldpsyncd;

// Upper bound for waits on FRR's side: its daemons answer vtysh slowly when the machine is busy
// (the bounds that matter, hold time and time to sync, are asserted separately).
inline constexpr auto kSlack = std::chrono::seconds(10);

// j[key] when j is an object holding it, else an empty array: a reply that is not what we
// expect (daemon gone, FRR busy) must fail the check, not abort on nlohmann's const assertion.
inline Json member(const Json& j, const char* key) {
    return j.is_object() && j.contains(key) ? j[key] : Json::array();
}

// Our state for one neighbor from `show mpls ldp neighbor detail json`.
inline Json our_neighbor(const Ldpsyncd& d, const std::string& id) {
    const Json all = d.json("show mpls ldp neighbor detail");  // kept: range-for over a temporary's member dangles
    for (const auto& n : member(all, "neighbors")) {
        if (n["peerLdpId"] == id) return n;
    }
    return Json();
}
inline bool our_session_up(const Ldpsyncd& d, const std::string& id) {
    const auto n = our_neighbor(d, id);
    return n.is_object() && n["state"] == "OPERATIONAL";
}
inline std::string sync_status(const Ldpsyncd& d, const std::string& itf) {
    return d.command("show mpls ldp igp sync interface " + itf);
}

// Every process a test started was stopped by its pid: nothing is left in its namespaces.
inline void expect_no_process_left(std::initializer_list<const NetNs*> namespaces) {
    for (const auto* ns : namespaces) {
        if (ns != nullptr) {
            EXPECT_TRUE(ns->pids().empty()) << ns->name();
        }
    }
}

}  // namespace ldpsync::test::ldp_interop
