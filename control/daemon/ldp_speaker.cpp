#include "ldp_speaker.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include "daemon.hpp"
#include "log/emit.hpp"

namespace ldpsync::daemon {

namespace asio = boost::asio;
using asio::ip::tcp;
namespace ev = ldp::log_event;

namespace {

// A peer that keeps the session alive but stops reading would grow its output without end.
constexpr std::size_t kMaxPendingBytes = 16u << 20;

std::string ip(std::uint32_t a) { return config::format_ipv4(a); }

}  // namespace

LdpSpeaker::LdpSpeaker(asio::io_context& io, const Daemon& daemon, EventQueue& events, const sync::ClockSource& clock)
    : io_(io),
      daemon_(daemon),
      events_(events),
      instance_(clock),
      hellos_(io,
              [this](const ReceivedHello& h) {
                  instance_.hello_received(h.ifindex, h.source, h.pdu, h.ttl);
                  pump();
              }),
      acceptor_(io),
      timer_(io),
      accept_retry_(io) {}

LdpSpeaker::~LdpSpeaker() = default;

void LdpSpeaker::hold_previous_labels(const std::vector<shm::LedgerEntry>& previous) {
    std::vector<std::pair<ldp::Fec, std::uint32_t>> labels;
    for (const auto& e : previous) labels.emplace_back(ldp::Fec{e.fec.prefix, e.fec.length}, e.label);
    instance_.hold_previous_labels(std::move(labels));
}

std::optional<std::string> LdpSpeaker::start() {
    if (auto err = hellos_.open()) return err;
    if (auto err = open_listener(acceptor_)) return err;
    started_ = true;
    accept();
    refresh();
    return std::nullopt;
}

bool LdpSpeaker::keeps_lib(const config::Config& next) const { return instance_.keeps_lib(instance_config(next)); }

std::pair<std::uint16_t, std::uint16_t> LdpSpeaker::ports(std::uint32_t lsr_id) const {
    auto it = current_.find(lsr_id);
    if (it == current_.end()) return {0, 0};
    const auto& c = connections_.at(it->second);
    return {c.local_port, c.remote_port};
}

// ---- snapshots for the instance -----------------------------------------------------------------

ldp::InstanceConfig LdpSpeaker::instance_config(const config::Config& cfg) const {
    ldp::InstanceConfig out;
    out.router_id = ldp::router_id(cfg);
    out.ldp = cfg.ldp;
    std::set<std::uint32_t> addresses;
    for (const auto& [name, itf] : cfg.interfaces) {
        if (itf.address && !itf.shutdown) addresses.insert(itf.address->address);
        // A link that is down (carrier, admin) runs no discovery: its adjacencies go at once
        // rather than after the hold time, and with them the session's sync on the link.
        if (!cfg.ldp_enabled(itf) || itf.shutdown || !itf.address || !daemon_.kernel_interface_up(name)) continue;
        if (auto ifx = daemon_.kernel_ifindex(name)) out.interfaces.emplace(*ifx, name);
    }
    if (out.router_id != 0) addresses.insert(out.router_id);
    out.addresses.assign(addresses.begin(), addresses.end());
    for (const auto& b : cfg.static_bindings) {
        if (b.input_label) out.reserved_labels.insert(*b.input_label);
    }
    return out;
}

void LdpSpeaker::refresh() {
    if (!started_) return;
    std::vector<rib::Route> routes;
    for (const rib::Route* r : daemon_.rib().selected_routes()) routes.push_back(*r);
    instance_.set_routes(std::move(routes));
    instance_.configure(instance_config(daemon_.config()));
    // The keys are on the listener before any peer can connect: a SYN that came in before
    // the peer's adjacency would otherwise complete unsigned and wait in the accept queue.
    update_md5();
    update_groups();  // LDP's interfaces change only here (configure)
    pump();
}

void LdpSpeaker::igp_neighbor(const std::string& interface, std::uint32_t address, bool present) {
    instance_.igp_neighbor(interface, address, present);
    pump();
}

// Membership of 224.0.0.2 follows the interfaces LDP runs on.
void LdpSpeaker::update_groups() {
    const auto& wanted = instance_.interfaces();
    for (auto it = groups_.begin(); it != groups_.end();) {
        if (wanted.contains(*it)) {
            ++it;
            continue;
        }
        hellos_.leave(*it);
        it = groups_.erase(it);
    }
    for (const auto& [ifx, name] : wanted) {
        if (!groups_.insert(ifx).second) continue;
        if (auto err = hellos_.join(ifx)) log::emit(ev::Level::warn, ev::kSocketErrorOn, name, *err);
    }
}

std::optional<std::string> LdpSpeaker::password_for(std::uint32_t address) const {
    for (const auto& n : daemon_.config().ldp.neighbors) {
        if (n.address == address) return n.password;
    }
    return std::nullopt;
}

void LdpSpeaker::update_md5() {
    std::map<std::uint32_t, std::string> wanted;
    for (const auto& n : daemon_.config().ldp.neighbors) wanted.emplace(n.address, n.password);
    // `mpls ldp neighbor` names the peer's LSR id (as on IOS), but its TCP segments come from
    // its transport address: a peer whose two differ needs the key for that address too.
    for (const auto& [id, p] : instance_.peers()) {
        const auto transport = p->session.config().peer_transport;
        if (auto pw = password_for(p->lsr_id); pw && transport != p->lsr_id) wanted.emplace(transport, *pw);
    }
    if (wanted == md5_keys_) return;
    for (const auto& [addr, pw] : md5_keys_) {
        if (!wanted.contains(addr)) set_tcp_md5(acceptor_.native_handle(), addr, "");
    }
    for (const auto& [addr, pw] : wanted) {
        auto it = md5_keys_.find(addr);
        if (it != md5_keys_.end() && it->second == pw) continue;
        if (auto err = set_tcp_md5(acceptor_.native_handle(), addr, pw))
            log::emit(ev::Level::warn, ev::kMd5Error, ip(addr), *err);
    }
    md5_keys_ = std::move(wanted);
}

// ---- the instance's outputs ---------------------------------------------------------------------

void LdpSpeaker::pump() {
    // Handling an output can feed the instance again (a peer that stopped reading loses its
    // connection), so drain until it has nothing more to say.
    for (auto out = instance_.take_output(); !out.empty(); out = instance_.take_output()) {
        for (auto& o : out) {
            std::visit(
                [&](auto& x) {
                    using T = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<T, ldp::SendHello>) {
                        send_hello(x.ifindex, x.pdu);
                    } else if constexpr (std::is_same_v<T, ldp::SendBytes>) {
                        queue_bytes(x.lsr_id, std::move(x.bytes));
                    } else if constexpr (std::is_same_v<T, ldp::Connect>) {
                        connect(x);
                    } else if constexpr (std::is_same_v<T, ldp::Disconnect>) {
                        disconnect(x.lsr_id);
                    }
                },
                o);
        }
    }
    for (auto& e : instance_.take_events()) {
        if (auto* line = std::get_if<ldp::LogLine>(&e)) {
            log::emit(line->level, ev::Event{line->event, "{}"}, line->text);
            continue;
        }
        std::visit(
            [&](auto& x) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, ldp::LogLine>) events_.push(std::move(x));
            },
            e);
    }
    if (instance_.peers_version() != md5_peers_version_) {
        md5_peers_version_ = instance_.peers_version();
        update_md5();
    }
    arm();
}

void LdpSpeaker::send_hello(std::uint32_t ifindex, std::span<const std::byte> pdu) {
    if (auto err = hellos_.send(ifindex, pdu)) {
        log::emit(ev::Level::warn, ev::kHelloSendError, instance_.interface_name(ifindex), *err);
    } else {
        ++hellos_sent_;
    }
}

void LdpSpeaker::queue_bytes(std::uint32_t lsr_id, std::vector<std::byte> bytes) {
    auto it = current_.find(lsr_id);
    if (it == current_.end()) return;  // no connection: nothing to write to
    const std::uint64_t id = it->second;
    Connection& c = connections_.at(id);
    c.pending.insert(c.pending.end(), bytes.begin(), bytes.end());
    if (c.pending.size() > kMaxPendingBytes) {
        log::emit(ev::Level::warn, ev::kNotReading, ip(lsr_id), c.pending.size());
        c.pending.clear();
        instance_.connection_lost(lsr_id);  // its Disconnect closes the socket
        return;
    }
    flush(id);
}

void LdpSpeaker::disconnect(std::uint32_t lsr_id) {
    auto it = current_.find(lsr_id);
    if (it == current_.end()) return;
    const std::uint64_t id = it->second;
    current_.erase(it);
    connections_.at(id).closing = true;
    flush(id);
}

void LdpSpeaker::arm() {
    const auto next = instance_.next_deadline();
    if (!next) return;
    // Only the real clock can be waited on (a manual clock is driven by its test).
    timer_.expires_at(std::max(*next, instance_.clock().now()));
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        instance_.poll();
        pump();
    });
}

// ---- TCP --------------------------------------------------------------------------------------

LdpSpeaker::Connection* LdpSpeaker::find(std::uint64_t id) {
    auto it = connections_.find(id);
    return it == connections_.end() ? nullptr : &it->second;
}

void LdpSpeaker::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
        if (ec == asio::error::operation_aborted) return;
        if (ec) {
            // Out of descriptors or memory: say so, and try again in a second rather than spin.
            log::emit(ev::Level::warn, ev::kAcceptError, ec.message());
            accept_retry_.expires_after(std::chrono::seconds(1));
            accept_retry_.async_wait([this](const boost::system::error_code& e) {
                if (!e) accept();
            });
            return;
        }
        boost::system::error_code e2;
        const auto remote = s.remote_endpoint(e2);
        const std::uint32_t from = e2 ? 0 : remote.address().to_v4().to_uint();
        if (auto accepted = instance_.accept(from)) {
            if (auto old = current_.find(accepted->lsr_id); old != current_.end()) close(old->second);
            if (auto err = set_session_ttl(s.native_handle(), accepted->gtsm)) {
                log::emit(ev::Level::warn, ev::kSocketError, *err);
            }
            attach(accepted->lsr_id, std::make_unique<tcp::socket>(std::move(s)));
        } else {
            s.close(e2);
        }
        pump();
        accept();
    });
}

void LdpSpeaker::connect(const ldp::Connect& c) {
    auto s = std::make_unique<tcp::socket>(io_);
    boost::system::error_code ec;
    s->open(tcp::v4(), ec);
    if (!ec) {
        if (auto pw = password_for(c.lsr_id); pw || (pw = password_for(c.transport))) {
            if (auto err = set_tcp_md5(s->native_handle(), c.transport, *pw)) {
                log::emit(ev::Level::warn, ev::kMd5Error, ip(c.transport), *err);
            }
        }
        if (auto err = set_session_ttl(s->native_handle(), c.gtsm)) log::emit(ev::Level::warn, ev::kSocketError, *err);
        s->bind(tcp::endpoint(asio::ip::address_v4(instance_.lsr_id()), 0), ec);
    }
    if (ec) {
        log::emit(ev::Level::warn, ev::kCannotConnect, ip(c.transport), ec.message());
        instance_.connect_failed(c.lsr_id);
        return;
    }
    if (auto old = current_.find(c.lsr_id); old != current_.end()) close(old->second);
    const std::uint64_t id = next_connection_++;
    Connection& conn = connections_[id];
    conn.lsr_id = c.lsr_id;
    conn.socket = std::move(s);
    conn.connecting = true;
    current_[c.lsr_id] = id;
    conn.socket->async_connect(tcp::endpoint(asio::ip::address_v4(c.transport), kLdpPort),
                               [this, id, lsr = c.lsr_id](const boost::system::error_code& e) {
                                   if (e == asio::error::operation_aborted) return;
                                   Connection* p = find(id);
                                   if (p == nullptr) return;
                                   p->connecting = false;
                                   if (p->closing) {  // the instance gave the peer up meanwhile
                                       close(id);
                                       return;
                                   }
                                   if (e) {
                                       log::emit(ev::Level::info, ev::kConnectFailed, ip(lsr), e.message());
                                       close(id);
                                       instance_.connect_failed(lsr);
                                   } else {
                                       auto connected = std::move(p->socket);
                                       close(id);
                                       attach(lsr, std::move(connected));
                                   }
                                   pump();
                               });
}

void LdpSpeaker::attach(std::uint32_t lsr_id, std::unique_ptr<tcp::socket> socket) {
    const std::uint64_t id = next_connection_++;
    Connection& c = connections_[id];
    c.lsr_id = lsr_id;
    c.socket = std::move(socket);
    boost::system::error_code ec;
    c.local_port = c.socket->local_endpoint(ec).port();
    c.remote_port = c.socket->remote_endpoint(ec).port();
    current_[lsr_id] = id;
    instance_.connected(lsr_id);
    read(id);
}

void LdpSpeaker::read(std::uint64_t id) {
    auto buf = std::make_shared<std::array<std::byte, 65536>>();
    connections_.at(id).socket->async_read_some(
        asio::buffer(*buf), [this, buf, id](const boost::system::error_code& ec, std::size_t n) {
            if (ec == asio::error::operation_aborted) return;
            Connection* c = find(id);
            if (c == nullptr || c->closing || !c->socket) return;
            const auto lsr = c->lsr_id;
            if (ec) {
                instance_.connection_lost(lsr);
            } else {
                instance_.bytes_received(lsr, std::span<const std::byte>(buf->data(), n), more_waiting(*c));
            }
            pump();
            Connection* still = find(id);
            if (still == nullptr) return;
            if (ec) {
                close(id);  // the socket is dead, whatever the instance still had to say
            } else if (!still->closing) {
                read(id);
            }
        });
}

bool LdpSpeaker::more_waiting(const Connection& c) const {
    if (!c.socket || !c.socket->is_open()) return false;
    boost::system::error_code ec;
    const std::size_t n = c.socket->available(ec);
    return !ec && n > 0;
}

void LdpSpeaker::flush(std::uint64_t id) {
    Connection* c = find(id);
    if (c == nullptr || !c->socket || c->connecting || c->writing) return;
    if (c->pending.empty()) {
        if (c->closing) close(id);
        return;
    }
    auto data = std::make_shared<std::vector<std::byte>>(std::move(c->pending));
    c->pending.clear();
    c->writing = true;
    asio::async_write(*c->socket, asio::buffer(*data), [this, data, id](const boost::system::error_code& ec, std::size_t) {
        if (ec == asio::error::operation_aborted) return;
        Connection* p = find(id);
        if (p == nullptr) return;
        p->writing = false;
        if (ec) {
            const auto lsr = p->lsr_id;
            const bool current = !p->closing;
            close(id);
            if (current) instance_.connection_lost(lsr);
            pump();
            return;
        }
        flush(id);
    });
}

void LdpSpeaker::close(std::uint64_t id) {
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    if (it->second.socket) {
        boost::system::error_code ec;
        it->second.socket->shutdown(tcp::socket::shutdown_both, ec);
        it->second.socket->close(ec);
    }
    if (auto cur = current_.find(it->second.lsr_id); cur != current_.end() && cur->second == id) current_.erase(cur);
    connections_.erase(it);
}

}  // namespace ldpsync::daemon
