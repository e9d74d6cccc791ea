#pragma once
// A libnl route socket bound to one network namespace, and the request/ack exchange every
// executor call goes through. The kernel's extended ack message is kept so that an error reads
// exactly as iproute2 would print it ("Error: Nexthop has invalid gateway.").
#include <linux/netlink.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include <functional>
#include <memory>
#include <string>

namespace nslab::nl {

// Every libnl object is owned by a smart pointer with its own free/put.
struct NlSockDeleter { void operator()(nl_sock *s) const { nl_socket_free(s); } };
struct NlMsgDeleter { void operator()(nl_msg *m) const { nlmsg_free(m); } };
using NlSockPtr = std::unique_ptr<nl_sock, NlSockDeleter>;
using NlMsgPtr = std::unique_ptr<nl_msg, NlMsgDeleter>;

// What the kernel answered to one request.
struct NlAnswer {
    int error = 0;        // 0 or a positive errno
    std::string extack;   // the kernel's extended ack message, may be empty
    bool ok() const { return error == 0; }
    // "Error: <extack>." or "RTNETLINK answers: <strerror>" (iproute2's lib/libnetlink.c wording).
    std::string text() const;
};

class NlSocket {
public:
    // A route socket in the calling thread's network namespace.
    static NlSocket open(std::string *error);
    NlSocket() = default;
    bool valid() const { return bool(m_sock); }
    nl_sock *get() const { return m_sock.get(); }

    // Sends `msg` (NLM_F_ACK added) and waits for the ack. `onReply` sees every data message of
    // the answer (used for GET and dump requests).
    NlAnswer transact(nl_msg *msg, const std::function<void(const nlmsghdr *)> &onReply = {}) const;

private:
    explicit NlSocket(NlSockPtr s) : m_sock(std::move(s)) {}
    NlSockPtr m_sock;
};

} // namespace nslab::nl
