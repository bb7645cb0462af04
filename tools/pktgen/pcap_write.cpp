#include "pcap_write.hpp"

#include <pcap/pcap.h>
#include <sys/time.h>

namespace ldpsync::pktgen {

bool write_pcap_file(const std::string& path, const std::vector<Bytes>& frames) {
    pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
    if (dead == nullptr) return false;
    pcap_dumper_t* d = pcap_dump_open(dead, path.c_str());
    if (d == nullptr) {
        pcap_close(dead);
        return false;
    }
    timeval tv{};
    gettimeofday(&tv, nullptr);
    for (const auto& f : frames) {
        pcap_pkthdr h{};
        h.ts = tv;
        h.caplen = h.len = static_cast<bpf_u_int32>(f.size());
        pcap_dump(reinterpret_cast<u_char*>(d), &h, f.data());
        if (++tv.tv_usec == 1000000) {
            tv.tv_usec = 0;
            ++tv.tv_sec;
        }
    }
    pcap_dump_close(d);
    pcap_close(dead);
    return true;
}

}  // namespace ldpsync::pktgen
