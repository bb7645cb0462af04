#pragma once
// A real ldpsyncd in a network namespace, for interop tests: writes its configuration, starts
// it (by pid, logging to a file), asks it show commands over its control socket, reads its
// forwarding tables from shared memory like the data plane does, and stops it by pid.

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "control_client.hpp"
#include "ldpsync/shm/constants.hpp"
#include "ldpsync/shm/control_end.hpp"
#include "ldpsync/shm/dataplane_end.hpp"
#include "ldpsync/shm/tables.hpp"
#include "netns.hpp"
#include "process.hpp"

namespace ldpsync::test {

class Ldpsyncd {
public:
    // `binary` is build/control/ldpsyncd; `dir` holds config, socket and log (removed at the end).
    Ldpsyncd(const NetNs& ns, std::string binary, std::filesystem::path dir, std::string instance)
        : ns_(ns), binary_(std::move(binary)), dir_(std::move(dir)), instance_(std::move(instance)) {
        std::filesystem::create_directories(dir_);
    }
    ~Ldpsyncd() {
        stop();
        shm::ControlEnd::remove(instance_);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    Ldpsyncd(const Ldpsyncd&) = delete;
    Ldpsyncd& operator=(const Ldpsyncd&) = delete;

    // Starts with this configuration; empty on success, else why (with the log).
    std::string start(const std::string& config) {
        std::ofstream(dir_ / "ldpsyncd.conf") << config;
        std::filesystem::remove(socket());
        process_ = std::make_unique<ChildProcess>(ns_.argv({binary_, "-f", (dir_ / "ldpsyncd.conf").string(), "-s",
                                                            socket(), "-n", instance_, "--debug", "--log",
                                                            "file:" + (dir_ / "ldpsyncd.log").string()}));
        if (!eventually([&] { return std::filesystem::exists(socket()); }, std::chrono::seconds(5))) {
            return "ldpsyncd opened no control socket" + log();
        }
        return {};
    }
    void stop() {
        if (!process_) return;
        process_->signal(SIGTERM);
        process_->wait_exit(std::chrono::seconds(10));
        process_.reset();
    }
    // SIGKILL: a crash as its peers see it (its shm segment stays for a successor to take over).
    void kill_hard() {
        if (!process_) return;
        process_->signal(SIGKILL);
        process_->wait_exit(std::chrono::seconds(10));
        process_.reset();
        dp_.reset();
    }
    bool running() const { return process_ && process_->running(); }

    std::string socket() const { return (dir_ / "ldpsyncd.sock").string(); }
    const std::string& instance() const { return instance_; }

    // A command's reply body ("ok" replies only; otherwise the status and body).
    std::string command(const std::string& line) const {
        Client c(socket());
        if (!c.connected()) return "% not connected";
        const auto f = c.request(line);
        return f.status == "ok" ? f.body : f.status + ": " + f.body;
    }
    nlohmann::json json(const std::string& show) const {
        auto j = nlohmann::json::parse(command(show + " json"), nullptr, false);
        return j.is_discarded() ? nlohmann::json() : j;
    }

    std::string log() const {
        std::ifstream in(dir_ / "ldpsyncd.log");
        std::stringstream s;
        s << in.rdbuf();
        return "\n--- ldpsyncd.log ---\n" + s.str();
    }

    // The forwarding tables as the data plane sees them in shared memory.
    std::optional<shm::ForwardingTables> tables() {
        if (!attach_dataplane_end()) return std::nullopt;
        dp_->poll_updates(mirror_);
        return mirror_.tables();
    }

    // The link record of `ifname` as the data plane reads it from shared memory.
    std::optional<shm::LinkRecord> link(const std::string& ifname) {
        if (!attach_dataplane_end()) return std::nullopt;
        for (std::uint32_t id = 0; id < shm::kLinkCapacity; ++id) {
            auto r = dp_->link(id);
            if (r && r->in_use && r->ifname_view() == ifname) return r;
        }
        return std::nullopt;
    }
    // The sync gate the data plane checks before sending on a link.
    bool gate(std::uint32_t link_id) { return attach_dataplane_end() && dp_->gate(link_id); }

private:
    bool attach_dataplane_end() {
        if (dp_) return true;
        auto a = shm::DataplaneEnd::attach(instance_);
        if (!a) return false;
        dp_.emplace(a.take());
        return true;
    }

    const NetNs& ns_;
    std::string binary_;
    std::filesystem::path dir_;
    std::string instance_;
    std::unique_ptr<ChildProcess> process_;
    std::optional<shm::DataplaneEnd> dp_;
    shm::MirrorTables mirror_;
};

}  // namespace ldpsync::test
