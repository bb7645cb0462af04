#include "pcap_read.hpp"

#include <pcap/pcap.h>

namespace ldpsync::pktgen {

namespace {

unsigned be16(const std::uint8_t* p) { return (unsigned{p[0]} << 8) | p[1]; }

}  // namespace

std::optional<PcapFile> read_pcap(const std::string& path, std::string* error) {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_open_offline(path.c_str(), err);
    if (p == nullptr) {
        if (error != nullptr) *error = std::string("pcap_open_offline ") + path + ": " + err;
        return std::nullopt;
    }
    PcapFile file;
    file.link_type = pcap_datalink(p);
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &h, &data) == 1) {
        file.frames.push_back({static_cast<double>(h->ts.tv_sec) + h->ts.tv_usec / 1e6, Bytes(data, data + h->caplen)});
    }
    pcap_close(p);
    return file;
}

std::vector<CapturedFrame> read_pcap_file(const std::string& path) {
    auto file = read_pcap(path);
    return file ? std::move(file->frames) : std::vector<CapturedFrame>{};
}

std::optional<std::size_t> ipv4_offset(int link_type, const std::uint8_t* frame, std::size_t len) {
    std::size_t off = 0;
    unsigned ethertype = 0;
    switch (link_type) {
    case DLT_EN10MB:
        if (len < 14) return std::nullopt;
        ethertype = be16(frame + 12);
        off = 14;
        while ((ethertype == 0x8100 || ethertype == 0x88a8) && len >= off + 4) {
            ethertype = be16(frame + off + 2);
            off += 4;
        }
        break;
    case DLT_LINUX_SLL:
        if (len < 16) return std::nullopt;
        ethertype = be16(frame + 14);
        off = 16;
        break;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
        if (len < 20) return std::nullopt;
        ethertype = be16(frame);
        off = 20;
        break;
#endif
    case DLT_RAW:
        ethertype = 0x0800;
        break;
    default:
        return std::nullopt;
    }
    if (ethertype != 0x0800 || len < off + 20 || (frame[off] >> 4) != 4) return std::nullopt;
    return off;
}

}  // namespace ldpsync::pktgen
