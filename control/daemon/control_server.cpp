#include "control_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <deque>

#include "log/emit.hpp"
#include "log_events.hpp"

namespace ldpsync::daemon {

namespace asio = boost::asio;
using asio::local::stream_protocol;

namespace {

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(stream_protocol::socket socket, Daemon& daemon, std::shared_ptr<std::size_t> live)
        : socket_(std::move(socket)), daemon_(daemon), handler_(daemon), live_(std::move(live)) {
        ++*live_;
    }
    ~Session() {
        if (debug_id_) daemon_.unsubscribe_debug(*debug_id_);
        --*live_;
    }

    void start() { read(); }

private:
    void read() {
        auto self = shared_from_this();
        asio::async_read_until(socket_, buffer_, '\0', [self](const boost::system::error_code& ec, std::size_t n) {
            if (ec) {
                if (ec == asio::error::not_found) {
                    self->send("error", "% request longer than " + std::to_string(ControlServer::kMaxRequest) + " bytes\n");
                }
                return;  // client gone (or oversized): the session ends, the daemon does not
            }
            std::string request(asio::buffers_begin(self->buffer_.data()),
                                asio::buffers_begin(self->buffer_.data()) + static_cast<std::ptrdiff_t>(n - 1));
            self->buffer_.consume(n);
            self->handle(request);
            self->read();
        });
    }

    void handle(const std::string& request) {
        const Reply reply = handler_.execute(request);
        if (!reply.ok) {
            log::emit(log::Level::info, log_event::kCommandError, request.substr(0, request.find('\n')),
                      reply.body.substr(0, reply.body.find('\n')));
        }
        send(reply.ok ? "ok" : "error", reply.body);
        if (reply.ok && CommandHandler::is_debug(request) && !debug_id_) {
            std::weak_ptr<Session> weak = shared_from_this();
            debug_id_ = daemon_.subscribe_debug([weak](const std::string& line) {
                if (auto s = weak.lock()) s->send("event", line);
            });
        }
    }

    void send(const std::string& status, const std::string& body) {
        std::string frame = status + "\n" + body;
        frame.push_back('\0');
        const bool idle = queue_.empty();
        queue_.push_back(std::move(frame));
        // A debug client that stops reading must not grow this without bound.
        if (queue_.size() > 10000) {
            boost::system::error_code ignored;
            socket_.close(ignored);
            return;
        }
        if (idle) write();
    }

    void write() {
        auto self = shared_from_this();
        asio::async_write(socket_, asio::buffer(queue_.front()), [self](const boost::system::error_code& ec, std::size_t) {
            if (ec) {
                self->queue_.clear();
                return;
            }
            self->queue_.pop_front();
            if (!self->queue_.empty()) self->write();
        });
    }

    stream_protocol::socket socket_;
    Daemon& daemon_;
    CommandHandler handler_;
    asio::streambuf buffer_{ControlServer::kMaxRequest};
    std::deque<std::string> queue_;
    std::optional<std::size_t> debug_id_;
    std::shared_ptr<std::size_t> live_;
};

}  // namespace

ControlServer::ControlServer(asio::io_context& io, Daemon& daemon, std::string path)
    : io_(io), daemon_(daemon), path_(std::move(path)), acceptor_(io), live_sessions_(std::make_shared<std::size_t>(0)) {}

ControlServer::~ControlServer() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    ::unlink(path_.c_str());
}

std::optional<std::string> ControlServer::start() {
    // A socket file left by a crashed daemon is replaced; one that still answers is not.
    if (::access(path_.c_str(), F_OK) == 0) {
        stream_protocol::socket probe(io_);
        boost::system::error_code ec;
        probe.connect(stream_protocol::endpoint(path_), ec);
        if (!ec) return "another process is serving " + path_;
        ::unlink(path_.c_str());
    }
    boost::system::error_code ec;
    acceptor_.open(stream_protocol(), ec);
    if (!ec) acceptor_.bind(stream_protocol::endpoint(path_), ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return path_ + ": " + ec.message();
    ::chmod(path_.c_str(), 0660);
    accept();
    return std::nullopt;
}

std::size_t ControlServer::sessions() const { return *live_sessions_; }

void ControlServer::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, stream_protocol::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) std::make_shared<Session>(std::move(socket), daemon_, live_sessions_)->start();
        accept();
    });
}

}  // namespace ldpsync::daemon
