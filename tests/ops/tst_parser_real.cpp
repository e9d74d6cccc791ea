// The real iproute2 / sysctl as the oracle: every command below is run for real inside a private
// mount+network namespace (unshare, tmpfs on /run/netns: the machine's own network is never
// touched). Where the parser says Rejected, the real exit code and stderr must be the same bytes;
// where it produces ops, the real tool must not have refused the words (its own parse errors).
// Needs root and unshare; skips otherwise.
// moc 6.4 cannot parse <compare>/<concepts>: it does not need the model headers.
#ifndef Q_MOC_RUN
#include "ops/parser.h"
#include "ops/printer.h"
#endif

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <unistd.h>

using namespace nslab::model::ops;

namespace {

// Devices the commands refer to, so that parsing is the only thing that can fail early.
const char *kSetup = "ip link add d0 type veth peer name d0p; ip link set d0 up; ip link set d0p up;"
                     "ip addr add 10.0.0.1/24 dev d0; ip netns add n1; ip netns add ns1; ip link add br0 type bridge;"
                     "ip link add veth0 type veth peer name veth1; ip link add eth0 type veth peer name eth0p;"
                     "ip link set eth0 up; ip link set eth0p up; ip addr add 172.16.0.1/24 dev eth0";

const char *kCommands[] = {
    // refused by iproute2 before the kernel
    "ip route add 10.0.0.300/24 dev d0",
    "ip r a 10.1.0.0/16 vetha1",
    "ip route add 10.0.0.0/24 foo",
    "ip route add 10.0.0.0/24 tos zz",
    "ip route add 10.9.0.0/16 dev d0 metric abc",
    "ip route add 10.9.0.0/16 dev d0 metric -1",
    "ip route add 10.9.0.0/16 dev d0 scope bogus",
    "ip route add 10.9.0.0/16 dev d0 proto bogus",
    "ip route add 10.9.0.0/16 dev d0 table bogus",
    "ip route add 10.9.0.0/16 dev d0 via",
    "ip route add blackhole",
    "ip route add 10.9.0.0/16 blackhole",
    "ip route add to",
    "ip route add 10.9.2.0/24 via 10.0.0.2 via 10.0.0.3",
    "ip route add 10.9.4.0/24 via inet6 10.0.0.2",
    "ip route add 10.9.5.0/24 via foo",
    "ip route add 10.9.6.0/24 src foo dev d0",
    "ip -4 route add foo dev d0",
    "ip route add via 10.0.0.2 foo",
    "ip route add default via 10.0.0.300",
    "ip route add 10.9.7.0/33 dev d0",
    "ip route add 10.9.9.0/255.0.255.0 dev d0",
    "ip route add -1.0.0.0/8 dev d0",
    "ip route add 10.9.10.0/ dev d0",
    "ip route add default/0 dev d0",
    "ip route add p 10.9.13.0/24",
    "ip route add m 10.9.16.0/24 dev d0",
    "ip route foo",
    "ip route ''",
    "ip route show table foo",
    "ip route get",
    "ip route get foo",
    "ip route get 10.0.0.5 from foo",
    "ip route flush",
    "ip route flush foo",
    "ip route flush table foo",
    "ip a foo",
    "ip address add 10.0.0.1/24 veth0",
    "ip addr add 10.0.0.5/24",
    "ip addr add 10.0.0.300/24 dev d0",
    "ip addr add 10.0.0.6/24 dev d0 scope bogus",
    "ip addr add 10.0.0.7/24 dev d0 brd 1.2.3.300",
    "ip addr add 10.0.0.8/24 peer 10.0.0.9 peer 10.0.0.10 dev d0",
    "ip addr add 10.0.0.8/24 dev d0 brd + brd -",
    "ip addr add 10.0.0.11 10.0.0.12 dev d0",
    "ip addr add local dev d0",
    "ip addr flush",
    "ip addr show foo bar",
    "ip link add",
    "ip link add foo",
    "ip link add foo type veth bar",
    "ip link add name a dev b type dummy",
    "ip link add name aaaaaaaaaaaaaaaaaaaa type dummy",
    "ip link set",
    "ip link set up",
    "ip link set d0 mtu abc",
    "ip link set d0 mtu 1400 mtu 1500",
    "ip link set d0 address zz:00:00:00:00:01",
    "ip link set d0 name n1 name n2",
    "ip link set d0 name a/b",
    "ip link set d0 d1",
    "ip link del",
    "ip link foo",
    "ip neigh add",
    "ip neigh add 10.0.0.9 dev d0 nud bogus",
    "ip neigh add 10.0.0.9 lladdr zz dev d0",
    "ip neigh add 10.0.0.9 10.0.0.10 dev d0",
    "ip neigh add proxy 10.0.0.9 proxy 10.0.0.10 dev d0",
    "ip neigh add foo dev d0",
    "ip neigh foo",
    "ip netns add",
    "ip netns add a/b",
    "ip netns add ..",
    "ip netns foo x",
    "ip netns exec",
    "ip netns exec n1",
    "ip netns exec n1 ip route add 10.0.0.0/24 foo",
    "ip -n n1 route add 10.0.0.0/24 foo",
    "ip -n",
    "ip -x route",
    "ip --foo",
    "ip -family foo route",
    "ip -rcvbuf abc route",
    "ip foo",
    "sysctl -w",
    "sysctl -w net.ipv4.ip_forward",
    "sysctl -w =1",
    "ip",
    "ip -h",
    "ip route add",
    "ip route add via 10.0.0.1 dev d0",
    "ip route add 10.0.0.0/8 help",
    "ip r get help",
    "ip a a help",
    "ip addr show help",
    "ip link add help",
    "ip link show help",
    "ip neigh add proxy help",
    "ip netns help",
    "ip route flush table help",
    // accepted words (the kernel may still refuse them; that is the emulator's part)
    "ip route add 10.9.20.0/24 dev d0 metric 0x10",
    "ip route add 10.9.21.0/24 via inet 10.0.0.2",
    "ip route add 10.9.22.0/255.255.255.0 dev d0",
    "ip route add 10.9 dev d0",
    "ip route add 012.0.0.0/8 dev d0",
    "ip route add u 10.9.23.0/24",
    "ip route add d 10 10.9.24.0/24 dev d0",
    "ip route add 10.9.25.0/24 dev d0 pr 5 pro static t 100",
    "ip route add 10.9.26.0/24 dev d0 tos AF11",
    "ip r chg 10.9.25.0/24 dev d0 table 100 metric 5",
    "ip r s",
    "ip r l table local",
    "ip route show table all",
    "ip route get 10.0.0.5 from 10.0.0.1 iif d0",
    "ip route flush dev d0 table 100",
    "ip -4 a s d0",
    "ip addr add 10.0.1.1/24 brd + dev d0",
    "ip addr add 10.0.2.1 peer 10.0.2.2 scope link noprefixroute dev d0",
    "ip a d 10.0.1.1/24 dev d0",
    "ip link set d0 address 0:1:2:3:4:5",
    "ip link set name d0 up",
    "ip l s dev d0 m br0",
    "ip l s d0 n",
    "ip link add v9 type veth peer v10",
    "ip link add v11 netns n1 ty veth peer name v12 netns ns1",
    "ip link add br9 type bridge",
    "ip l d v9",
    "ip n add proxy 10.0.0.9 dev d0",
    "ip neigh replace 10.0.0.10 l 02:00:00:00:00:09 dev d0 nud p",
    "ip netns a n2",
    "ip netns d n2",
    "ip netns exec n1 ip -4 route",
    "ip netns exec n1 sysctl -w net.ipv4.ip_forward=1",
    "ip netns exec n1 sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/proxy_arp'",
    "sysctl -wq net/ipv4/conf/all/rp_filter=2",
};

bool refusedByTheTool(const QByteArray &err)
{
    static const char *kParseErrors[] = {"is wrong:", "is expected rather than", "is a garbage", "duplicate \"",
                                         "Command line is not complete", "is unknown", "Not enough information",
                                         "requires arguments", "Usage:", "invalid lladdr", "invalid syntax"};
    for (const char *p : kParseErrors)
        if (err.contains(p))
            return true;
    return false;
}

} // namespace

class TestParserReal : public QObject {
    Q_OBJECT

private slots:
    void sameAsIproute2();
    void canonicalFormDoesTheSame_data();
    void canonicalFormDoesTheSame();
};

void TestParserReal::sameAsIproute2()
{
    if (geteuid() != 0)
        QSKIP("needs root (runs iproute2 in a private network namespace)");
    if (QStandardPaths::findExecutable(QStringLiteral("unshare")).isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin")}).isEmpty())
        QSKIP("unshare or ip not installed");

    QByteArray script = "set +e\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
                        "mount -t tmpfs none /run/netns 2>/dev/null || { mkdir -p /run/netns && mount -t tmpfs none /run/netns; } || exit 99\n";
    script += QByteArray(kSetup) + " >/dev/null 2>&1\nT=$(mktemp)\n";
    for (const char *c : kCommands)
        script += QByteArray("( ") + c + " ) </dev/null >/dev/null 2>$T; echo \"$? $(base64 -w0 $T)\"\n";
    script += "rm -f $T\n";

    QProcess p;
    p.start(QStringLiteral("unshare"), {QStringLiteral("--mount"), QStringLiteral("--net"), QStringLiteral("bash"),
                                        QStringLiteral("-c"), QString::fromUtf8(script)});
    QVERIFY(p.waitForFinished(120000));
    if (p.exitCode() == 99 || p.exitStatus() != QProcess::NormalExit)
        QSKIP("cannot make a private /run/netns here");
    const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
    QVERIFY(lines.size() >= int(std::size(kCommands)));

    int compared = 0;
    for (std::size_t i = 0; i < std::size(kCommands); ++i) {
        const QList<QByteArray> fields = lines[int(i)].split(' ');
        const int realCode = fields.value(0).toInt();
        const QByteArray realErr = QByteArray::fromBase64(fields.value(1));
        const ParsedCommand pc = parseCommand(kCommands[i]);
        const QByteArray what = QByteArray(kCommands[i]) + "\n  real: " + QByteArray::number(realCode) + " "
                                + realErr.left(300);
        QVERIFY2(!pc.unsupported, QByteArray(what + "\n  parser: unsupported: " + pc.message.c_str()).constData());
        if (const auto *r = std::get_if<Rejected>(&pc.ops.front())) {
            QVERIFY2(r->exitCode == realCode && QByteArray::fromStdString(r->stderrText) == realErr,
                     QByteArray(what + "\n  parser: " + QByteArray::number(r->exitCode) + " " + r->stderrText.c_str()).constData());
            ++compared;
        } else {
            QVERIFY2(!refusedByTheTool(realErr), QByteArray(what + "\n  parser accepted it").constData());
        }
    }
    QVERIFY(compared > 50);
}

// What an abbreviated command does to a real kernel, against what its printed canonical form
// does: both run in fresh namespaces set up alike, then the whole state is compared. This checks
// the meaning the parser gives to every abbreviation, not just that iproute2 accepted the words.
namespace {

const char *kStateSetup =
    "ip link add d0 address 02:00:00:00:00:01 type veth peer name d0p address 02:00:00:00:00:02;"
    "ip link set d0 up; ip link set d0p up; ip addr add 10.0.0.1/24 dev d0;"
    "ip link add br0 address 02:00:00:00:00:03 type bridge; ip netns add n1";

const char *kStateDump =
    // IPv4 only: IPv6 link-local routes appear in a racy order
    "ip -4 -d route show table all; ip -d link show; ip -4 addr show; ip neigh show nud permanent; ip neigh show proxy;"
    "ip -n n1 -d link show; ip -n n1 -4 addr show; ls /run/netns;"
    "sysctl -r '^net[.]ipv4[.](ip_forward|conf[.](all|d0)[.](rp_filter|proxy_arp|forwarding))$' -a";

QByteArray runForState(const QByteArray &command, int *exitCode)
{
    const QByteArray script = "export PATH=/usr/sbin:/usr/bin:/sbin:/bin; mount -t tmpfs none /run/netns || exit 99;"
                              + QByteArray(kStateSetup) + " >/dev/null 2>&1; { " + command
                              + " ; } >/dev/null 2>&1; echo \"rc=$?\"; " + kStateDump;
    QProcess p;
    p.start(QStringLiteral("unshare"), {QStringLiteral("--mount"), QStringLiteral("--net"), QStringLiteral("bash"),
                                        QStringLiteral("-c"), QString::fromUtf8(script)});
    if (!p.waitForFinished(30000))
        return {};
    QByteArray out = p.readAllStandardOutput();
    const int rcAt = out.indexOf("rc=");
    *exitCode = rcAt < 0 ? -1 : out.mid(rcAt + 3, out.indexOf('\n', rcAt) - rcAt - 3).toInt();
    // MAC addresses the kernel picked at random (every one not set here as 02:00:00:00:00:xx)
    static const QRegularExpression randomMac(QStringLiteral("\\b(?!02:00:00:00:00:)[0-9a-f]{2}(:[0-9a-f]{2}){5}\\b"));
    // carrier and operational state follow a peer's move or deletion asynchronously
    static const QRegularExpression operState(QStringLiteral("NO-CARRIER,|,LOWER_UP|LOWER_UP,| state [A-Z]+|linkdown "));
    return QString::fromUtf8(out).replace(randomMac, QStringLiteral("MAC")).remove(operState).toUtf8();
}

} // namespace

void TestParserReal::canonicalFormDoesTheSame_data()
{
    QTest::addColumn<QByteArray>("line");
    for (const char *line : {
             "ip r a 10.10.0.2 dev d0",
             "ip ro add 10.9.0.0/16 via 10.0.0.2 m 5 pro static t 100",
             "ip route add u 10.9.23.0/24",
             "ip route add bl 10.9.24.0/24 t local",
             "ip route add proh 10.9.25.0/24 p 7",
             "ip route add d 10 10.9.26.0/24 dev d0",
             "ip r a 10.3.0.0/16 dev d0 src 10.0.0.1 scope link pro 2 t 254",
             "ip r a 10.5.0.0/16 via 10.1.1.1 dev d0 onlink tos 0x10",
             "ip r a 10.4.0.0/16 dev d0 scope 100 proto 99 metric 0x10",
             "ip r rep default via 10.0.0.2",
             "ip r ap 10.1.0.0/16 via 10.0.0.2",
             "ip r p 10.1.0.0/16 via 10.0.0.3",
             "ip r d 10.0.0.0/24",
             "ip r f dev d0",
             "ip route flush all",
             "ip route add local 10.0.0.7 dev d0 table local",
             "ip route add 10/8 via inet 10.0.0.2",
             "ip a a 10.0.1.1/24 brd + dev d0",
             "ip a a 10.0.1.1/24 brd - dev d0",
             "ip a a 10.0.2.1 peer 10.0.2.2 scope link noprefixroute dev d0",
             "ip address add 10.0.3.1/255.255.255.0 b 10.0.3.127 dev d0",
             "ip a d 10.0.0.1/24 dev d0",
             "ip a d 10.0.0.1 dev d0", // wildcard deletion: any prefix length
             "ip a f dev d0",
             "ip l s d0 down",
             "ip l s d0 m br0",
             "ip l s d0 n",
             "ip l s dev d0 mtu 1400 a 02:00:00:00:00:33 name eth9",
             "ip l s name d0 netns n1",
             "ip link add v9 type veth peer v10",
             "ip l a v11 address 02:00:00:00:00:11 ty veth peer name v12 address 02:00:00:00:00:12 netns n1",
             "ip l a br9 type bridge",
             // $$ is the bash inside the private namespace: the pair's end lands there, not in the machine's
             "ip -n n1 link add v5 type veth peer name v6 netns /proc/$$/ns/net",
             "ip l d d0",
             "ip n add p 10.0.0.9 dev d0",
             "ip neigh replace 10.0.0.10 l 02:00:00:00:00:09 dev d0 nud p",
             "sysctl -wq net/ipv4/conf/all/rp_filter=2",
             "sysctl net.ipv4.conf.d0.proxy_arp=1",
             "echo 1 > /proc/sys/net/ipv4/ip_forward",
             "ip netns a n2",
             "ip netns d n1",
         })
        QTest::newRow(line) << QByteArray(line);
}

void TestParserReal::canonicalFormDoesTheSame()
{
    QFETCH(QByteArray, line);
    if (geteuid() != 0)
        QSKIP("needs root (runs iproute2 in a private network namespace)");
    ParseOptions options;
    options.hostName = "host";
    const ParsedCommand pc = parseCommand(line.toStdString(), options);
    QVERIFY2(!pc.unsupported && pc.ops.size() == 1, pc.message.c_str());
    QVERIFY(!std::holds_alternative<Rejected>(pc.ops.front()));
    const QByteArray canonical = QByteArray::fromStdString(printOp(pc.ops.front(), "host"));

    int rcAbbrev = -1;
    int rcCanonical = -1;
    const QByteArray abbrev = runForState(line, &rcAbbrev);
    if (rcAbbrev == -1 && abbrev.isEmpty())
        QSKIP("cannot run unshare here");
    const QByteArray canon = runForState(canonical, &rcCanonical);
    QCOMPARE(rcAbbrev, 0);
    QCOMPARE(rcCanonical, 0);
    if (abbrev != canon) {
        const QList<QByteArray> a = abbrev.split('\n');
        const QList<QByteArray> b = canon.split('\n');
        for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
            if (a.value(i) != b.value(i))
                QFAIL(QByteArray("`" + line + "` vs `" + canonical + "`: first difference:\n  " + a.value(i) + "\n  "
                                 + b.value(i))
                          .constData());
        }
    }
}

QTEST_GUILESS_MAIN(TestParserReal)
#include "tst_parser_real.moc"
