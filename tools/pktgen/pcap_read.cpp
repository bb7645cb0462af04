#include "pcap_read.hpp"

#include <pcap/pcap.h>

namespace ldpsync::pktgen {

std::vector<CapturedFrame> read_pcap_file(const std::string& path) {
    std::vector<CapturedFrame> out;
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(path.c_str(), err);
    if (p == nullptr) {
        return out;
    }
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &h, &data) == 1) {
        out.push_back({static_cast<double>(h->ts.tv_sec) + h->ts.tv_usec / 1e6, Bytes(data, data + h->caplen)});
    }
    pcap_close(p);
    return out;
}

}  // namespace ldpsync::pktgen
