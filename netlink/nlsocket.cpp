#include "nlsocket.h"

#include <netlink/handlers.h>
#include <netlink/netlink.h>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <vector>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

namespace nslab::nl {

std::string NlAnswer::text() const
{
    if (!extack.empty()) {
        std::string t = "Error: " + extack;
        if (t.back() != '.')
            t += '.';
        return t;
    }
    return std::string("RTNETLINK answers: ") + std::strerror(error);
}

NlSocket NlSocket::open(std::string *error)
{
    NlSockPtr s(nl_socket_alloc());
    if (!s) {
        if (error)
            *error = "cannot allocate a netlink socket";
        return {};
    }
    if (int r = nl_connect(s.get(), NETLINK_ROUTE); r < 0) {
        if (error)
            *error = std::string("cannot open a netlink socket: ") + nl_geterror(r);
        return {};
    }
    // Ask for the kernel's error text, and only the header of our request back with it.
    const int one = 1;
    const int fd = nl_socket_get_fd(s.get());
    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    nl_socket_set_buffer_size(s.get(), 256 << 10, 256 << 10);
    return NlSocket(std::move(s));
}

namespace {

std::string extackMessage(const nlmsgerr *e)
{
    // The error sits in an NLMSG_ERROR message; its TLVs follow the (possibly capped) request.
    const auto *outer = reinterpret_cast<const nlmsghdr *>(reinterpret_cast<const char *>(e) - NLMSG_HDRLEN);
    if (!(outer->nlmsg_flags & NLM_F_ACK_TLVS))
        return {};
    std::size_t offset = sizeof(nlmsgerr);
    if (!(outer->nlmsg_flags & NLM_F_CAPPED))
        offset += e->msg.nlmsg_len - NLMSG_HDRLEN;
    offset = NLMSG_ALIGN(offset);
    const std::size_t payload = outer->nlmsg_len - NLMSG_HDRLEN;
    if (offset >= payload)
        return {};
    const char *p = reinterpret_cast<const char *>(e) + offset;
    std::size_t left = payload - offset;
    while (left >= sizeof(nlattr)) {
        const auto *a = reinterpret_cast<const nlattr *>(p);
        if (a->nla_len < sizeof(nlattr) || a->nla_len > left)
            break;
        if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
            const char *s = p + NLA_HDRLEN;
            return std::string(s, strnlen(s, a->nla_len - NLA_HDRLEN));
        }
        const std::size_t step = NLA_ALIGN(a->nla_len);
        if (step >= left)
            break;
        p += step;
        left -= step;
    }
    return {};
}

} // namespace

// libnl builds and sends (it numbers the request); the answer is read straight off the socket
// into one reused buffer: libnl's receive path (a peek and a copy per read, a callback set per
// exchange) cost more than the kernel's own work for small requests.
NlAnswer NlSocket::transact(nl_msg *msg, const std::function<void(const nlmsghdr *)> &onReply) const
{
    NlAnswer answer;
    nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
    if (int r = nl_send_auto(m_sock.get(), msg); r < 0) {
        answer.error = EIO;
        answer.extack = std::string("cannot send to the kernel: ") + nl_geterror(r);
        return answer;
    }
    const std::uint32_t seq = nlmsg_hdr(msg)->nlmsg_seq;
    const int fd = nl_socket_get_fd(m_sock.get());
    // A dump part is at most 32 KiB (the kernel caps its allocation there): one read holds it.
    thread_local std::vector<char> buf(64 << 10);
    for (;;) {
        const ssize_t got = ::recv(fd, buf.data(), buf.size(), MSG_TRUNC);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            answer.error = EIO;
            answer.extack = std::string("cannot read the kernel's answer: ") + std::strerror(errno);
            return answer;
        }
        if (std::size_t(got) > buf.size()) {
            answer.error = EIO;
            answer.extack = "the kernel's answer did not fit in the receive buffer";
            return answer;
        }
        int left = int(got);
        for (auto *h = reinterpret_cast<const nlmsghdr *>(buf.data()); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_seq != seq)
                continue; // not ours (nothing else is ever outstanding on this socket)
            if (h->nlmsg_type == NLMSG_ERROR) {
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) {
                    answer.error = EIO;
                    answer.extack = "truncated netlink error message";
                    return answer;
                }
                const auto *e = static_cast<const nlmsgerr *>(NLMSG_DATA(h));
                answer.error = -e->error;
                if (answer.error)
                    answer.extack = extackMessage(const_cast<nlmsgerr *>(e));
                return answer;
            }
            if (h->nlmsg_type == NLMSG_DONE) {
                // A dump that failed part-way says so in the DONE message.
                if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
                    int e = 0;
                    std::memcpy(&e, NLMSG_DATA(h), sizeof e);
                    if (e < 0)
                        answer.error = -e;
                }
                return answer;
            }
            if (onReply)
                onReply(h);
        }
    }
}

} // namespace nslab::nl
