#include "neighbours.h"

#include "nlsocket.h"

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

namespace nslab::nl {

namespace {

// One delete request: header, ndmsg and NDA_DST.
struct NeighRequest {
    nlmsghdr h;
    ndmsg nd;
    nlattr dstAttr;
    std::uint32_t dst;
};
static_assert(sizeof(NeighRequest) == NLMSG_ALIGN(sizeof(NeighRequest)));

// Reads netlink messages from `fd` until `onMessage` says the answer is complete.
template <typename OnMessage>
bool readAnswer(int fd, std::vector<char> &buf, std::string *error, OnMessage &&onMessage)
{
    for (;;) {
        const ssize_t got = ::recv(fd, buf.data(), buf.size(), 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            *error = std::string("cannot read the kernel's answer: ") + std::strerror(errno);
            return false;
        }
        int left = int(got);
        for (auto *h = reinterpret_cast<const nlmsghdr *>(buf.data()); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left))
            if (onMessage(h))
                return true;
    }
}

// NDA_DST of a neighbour message (network order), 0 when absent.
std::uint32_t destination(const ndmsg *nd, std::uint32_t payload)
{
    auto *a = reinterpret_cast<const nlattr *>(reinterpret_cast<const char *>(nd) + NLMSG_ALIGN(sizeof *nd));
    int left = int(payload) - int(NLMSG_ALIGN(sizeof *nd));
    for (; left >= int(sizeof(nlattr)) && a->nla_len >= sizeof(nlattr) && a->nla_len <= left;
         left -= NLA_ALIGN(a->nla_len), a = reinterpret_cast<const nlattr *>(reinterpret_cast<const char *>(a) + NLA_ALIGN(a->nla_len)))
        if ((a->nla_type & NLA_TYPE_MASK) == NDA_DST && a->nla_len == NLA_HDRLEN + sizeof(std::uint32_t)) {
            std::uint32_t v;
            std::memcpy(&v, reinterpret_cast<const char *>(a) + NLA_HDRLEN, sizeof v);
            return v;
        }
    return 0;
}

} // namespace

bool flushNeighbours(int fd, std::uint32_t seq, std::string *error, std::size_t *deleted)
{
    thread_local std::vector<char> buf(64 << 10);
    thread_local std::vector<NeighRequest> doomed;
    doomed.clear();
    struct {
        nlmsghdr h;
        ndmsg nd;
    } dump {};
    dump.h.nlmsg_len = sizeof dump;
    dump.h.nlmsg_type = RTM_GETNEIGH;
    dump.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    dump.h.nlmsg_seq = seq;
    dump.nd.ndm_family = AF_INET;
    if (::send(fd, &dump, sizeof dump, 0) != ssize_t(sizeof dump)) {
        *error = std::string("cannot send to the kernel: ") + std::strerror(errno);
        return false;
    }
    int dumpError = 0;
    if (!readAnswer(fd, buf, error, [&](const nlmsghdr *h) {
            if (h->nlmsg_seq != seq)
                return false;
            if (h->nlmsg_type == NLMSG_DONE)
                return true;
            if (h->nlmsg_type == NLMSG_ERROR) {
                dumpError = -static_cast<const nlmsgerr *>(NLMSG_DATA(h))->error;
                return true;
            }
            if (h->nlmsg_type != RTM_NEWNEIGH || h->nlmsg_len < NLMSG_LENGTH(sizeof(ndmsg)))
                return false;
            const auto *nd = static_cast<const ndmsg *>(NLMSG_DATA(h));
            // What the lab configured stays: permanent and proxy entries, NOARP devices.
            if (nd->ndm_family != AF_INET || (nd->ndm_state & (NUD_PERMANENT | NUD_NOARP)) || (nd->ndm_flags & NTF_PROXY))
                return false;
            const std::uint32_t dst = destination(nd, h->nlmsg_len - NLMSG_HDRLEN);
            if (!dst)
                return false;
            NeighRequest r {};
            r.h.nlmsg_len = sizeof r;
            r.h.nlmsg_type = RTM_DELNEIGH;
            r.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
            r.nd.ndm_family = AF_INET;
            r.nd.ndm_ifindex = nd->ndm_ifindex;
            r.dstAttr.nla_len = NLA_HDRLEN + sizeof r.dst;
            r.dstAttr.nla_type = NDA_DST;
            r.dst = dst;
            doomed.push_back(r);
            return false;
        }))
        return false;
    if (dumpError) {
        *error = NlAnswer{dumpError, {}}.text();
        return false;
    }
    // In slices, so that the acks never outgrow the socket's receive buffer.
    constexpr std::size_t kSlice = 64;
    for (std::size_t first = 0; first < doomed.size(); first += kSlice) {
        const std::size_t count = std::min(doomed.size(), first + kSlice) - first;
        for (std::size_t i = 0; i < count; ++i)
            doomed[first + i].h.nlmsg_seq = ++seq;
        const ssize_t bytes = ssize_t(count * sizeof(NeighRequest));
        if (::send(fd, &doomed[first], std::size_t(bytes), 0) != bytes) {
            *error = std::string("cannot send to the kernel: ") + std::strerror(errno);
            return false;
        }
        std::size_t acks = 0;
        const std::uint32_t firstSeq = seq - std::uint32_t(count) + 1;
        // Every delete is answered (NLM_F_ACK); an entry that vanished meanwhile is fine.
        if (!readAnswer(fd, buf, error, [&](const nlmsghdr *h) {
                if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq >= firstSeq && h->nlmsg_seq <= seq)
                    ++acks;
                return acks == count;
            }))
            return false;
    }
    if (deleted)
        *deleted = doomed.size();
    return true;
}

} // namespace nslab::nl
