#include "nlsocket.h"

#include <netlink/handlers.h>
#include <netlink/netlink.h>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

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
    nl_socket_enable_msg_peek(s.get());
    return NlSocket(std::move(s));
}

namespace {

struct Exchange {
    NlAnswer answer;
    bool done = false;
    const std::function<void(const nlmsghdr *)> *onReply = nullptr;
};

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

int onError(sockaddr_nl *, nlmsgerr *e, void *arg)
{
    auto *x = static_cast<Exchange *>(arg);
    x->answer.error = -e->error;
    x->answer.extack = extackMessage(e);
    x->done = true;
    return NL_STOP;
}

int onAck(nl_msg *, void *arg)
{
    static_cast<Exchange *>(arg)->done = true;
    return NL_STOP;
}

int onValid(nl_msg *msg, void *arg)
{
    auto *x = static_cast<Exchange *>(arg);
    if (x->onReply && *x->onReply)
        (*x->onReply)(nlmsg_hdr(msg));
    return NL_OK;
}

struct CbDeleter { void operator()(nl_cb *cb) const { nl_cb_put(cb); } };

} // namespace

NlAnswer NlSocket::transact(nl_msg *msg, const std::function<void(const nlmsghdr *)> &onReply) const
{
    Exchange x;
    x.onReply = &onReply;
    nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
    // nl_socket_get_cb takes a reference: hold it only for the clone, which is ours.
    std::unique_ptr<nl_cb, CbDeleter> socketCb(nl_socket_get_cb(m_sock.get()));
    std::unique_ptr<nl_cb, CbDeleter> cb(nl_cb_clone(socketCb.get()));
    if (!cb) {
        x.answer.error = ENOMEM;
        return x.answer;
    }
    nl_cb_err(cb.get(), NL_CB_CUSTOM, onError, &x);
    nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, onAck, &x);
    nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, onValid, &x);
    nl_cb_set(cb.get(), NL_CB_FINISH, NL_CB_CUSTOM, onAck, &x);
    if (int r = nl_send_auto(m_sock.get(), msg); r < 0) {
        x.answer.error = EIO;
        x.answer.extack = std::string("cannot send to the kernel: ") + nl_geterror(r);
        return x.answer;
    }
    for (int guard = 0; !x.done && guard < 1000000; ++guard) {
        const int r = nl_recvmsgs(m_sock.get(), cb.get());
        if (x.done)
            break;
        if (r < 0) {
            x.answer.error = EIO;
            x.answer.extack = std::string("cannot read the kernel's answer: ") + nl_geterror(r);
            break;
        }
    }
    return x.answer;
}

} // namespace nslab::nl
