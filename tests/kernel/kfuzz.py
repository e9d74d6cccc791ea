#!/usr/bin/env python3
"""kfuzz.py FIRST LAST [--root] — random differential runs of the kernel emulator.

For every seed a random ip/sysctl script (links, addresses, routes with every option, up/down,
moves, deletes, flushes, sysctls) is run through tests/kernel/krecord.sh (the real kernel, in a
throw-away namespace; needs root) and through kernel_emulate, and the two recordings are compared
(sysctl sections only for the sysctl generator, for speed). Scripts and both recordings of a mismatch stay in the
work directory. Known kernel nondeterminism (the emulator gives the settled answer):
- operstate (DOWN vs LOWERLAYERDOWN) of a veth whose peer moved or came and went right after
  creation: linkwatch runs up to 1 s late;
- `ip netns del` is asynchronous: for a few ms the namespace's veth peers elsewhere still exist,
  so a command right after it can still see them (e.g. File exists for the peer's name).
"""
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATE = os.environ.get("KERNEL_EMULATE", os.path.join(HERE, "..", "..", "build", "tests", "kernel_emulate"))


def gen_links(seed):
    random.seed(seed)
    L=["ip netns add a","ip netns add b",
       "ip -n a link add v1 type veth peer v2 netns b",
       "ip -n a link add w1 type veth peer w2",
       "ip -n a link add br0 type bridge"]
    devs_a=["v1","w1","w2","br0","lo"]
    nets=["10.0.0","10.0.1","10.1.0","192.168.5"]
    def addr():
        n=random.choice(nets); h=random.choice([1,2,5,9,255,0])
        ln=random.choice([24,24,16,32,31,30,25])
        return f"{n}.{h}/{ln}"
    def ipaddr():
        return f"{random.choice(nets)}.{random.choice([1,2,3,5,9,200,255])}"
    def dst():
        return random.choice(["default","10.9.0.0/16","10.9.1.0/24","10.0.0.0/24","10.1.0.0/16","172.16.0.0/12","10.0.0.5","10.9.0.0/24"])
    for i in range(45):
        r=random.random()
        d=random.choice(devs_a)
        if r<0.15: L.append(f"ip -n a link set {d} {random.choice(['up','up','down'])}")
        elif r<0.2: L.append(f"ip -n b link set v2 {random.choice(['up','down'])}")
        elif r<0.35: L.append(f"ip -n a addr add {addr()} dev {d}" + random.choice([""," noprefixroute"," scope link",""]))
        elif r<0.42: L.append(f"ip -n a addr del {addr()} dev {d}")
        elif r<0.7:
            cmd=random.choice(["add","add","add","append","prepend","replace","change","del"])
            t=random.choice(["","","","blackhole ","unreachable ","local "])
            s=f"ip -n a route {cmd} {t}{dst()}"
            if random.random()<0.6: s+=f" via {ipaddr()}"
            if random.random()<0.5: s+=f" dev {d}"
            if random.random()<0.2: s+=f" metric {random.choice([1,5,100])}"
            if random.random()<0.15: s+=f" src {ipaddr()}"
            if random.random()<0.1: s+=" onlink"
            if random.random()<0.1: s+=f" scope {random.choice(['link','host','global'])}"
            if random.random()<0.1: s+=f" table {random.choice(['local','main','7'])}"
            L.append(s)
        elif r<0.75: L.append(f"ip -n a link set {random.choice(['v1','w1','w2'])} {random.choice(['master br0','nomaster'])}")
        elif r<0.8: L.append(f"ip netns exec a sysctl -w net.ipv4.conf.{random.choice(['all','default',d])}.{random.choice(['promote_secondaries','ignore_routes_with_linkdown','rp_filter'])}={random.choice([0,1])}")
        elif r<0.85: L.append(f"ip -n a route get {ipaddr()}")
        elif r<0.88: L.append(f"ip -n a route flush {random.choice(['table main','dev '+d,'10.9.0.0/16','table local'])}")
        elif r<0.9: L.append(f"ip -n a addr flush dev {d}")
        elif r<0.93: L.append(f"ip -n a link set {random.choice(['w1','w2'])} netns b")
        elif r<0.96: L.append(f"ip -n a link del {random.choice(['w1','w2','v1'])}")
        else: L.append(f"ip -n b addr add {addr()} dev v2")

    return "\n".join(L) + "\n"


def gen_addresses(seed):
    random.seed(seed)
    L=["ip netns add a","ip netns add b",
       "ip -n a link add v1 type veth peer v2 netns b",
       "ip -n a link add w1 type veth peer w2",
       "ip -n a link set v1 up","ip -n b link set v2 up","ip -n a link set w1 up"]
    devs=["v1","w1","lo","w2"]
    def addr():
        n=random.choice(["10.0.0","10.0.0","10.0.1","10.0.2"]); h=random.choice([1,2,3,4,5,129,255,0])
        return f"{n}.{h}/{random.choice([24,24,24,25,16,32])}"
    for i in range(50):
        r=random.random(); d=random.choice(devs)
        if r<0.4: L.append(f"ip -n a addr add {addr()} dev {d}"+random.choice([""," brd +",""," peer 10.0.9.9"," scope link",""]))
        elif r<0.65: L.append(f"ip -n a addr del {addr()} dev {d}")
        elif r<0.7: L.append(f"ip netns exec a sysctl -w net.ipv4.conf.{random.choice(['all',d])}.promote_secondaries={random.choice([0,1])}")
        elif r<0.85:
            s=f"ip -n a route add 10.{random.randint(20,30)}.0.0/16 via 10.0.{random.choice([0,1,2])}.{random.choice([7,8])}"
            if random.random()<0.6: s+=f" src 10.0.{random.choice([0,1,2])}.{random.choice([1,2,3,4,5])}"
            L.append(s)
        elif r<0.9: L.append(f"ip -n a link set {d} {random.choice(['up','down'])}")
        elif r<0.95: L.append(f"ip -n a addr flush dev {d}")
        else: L.append(f"ip netns exec a sysctl -w net.ipv4.conf.default.{random.choice(['rp_filter','proxy_arp'])}={random.choice([0,1,2])}")

    return "\n".join(L) + "\n"


def gen_sysctls(seed):
    random.seed(seed)
    L=["ip netns add a","ip netns add b","ip netns add c",
       "ip -n a link add v1 type veth peer v2 netns b",
       "ip -n a link add w1 type veth peer w2 netns c",
       "ip -n b link add br0 type bridge"]
    opts=['rp_filter','proxy_arp','forwarding','arp_ignore','promote_secondaries','ignore_routes_with_linkdown','accept_redirects','send_redirects','proxy_arp_pvlan']
    nss=['a','b','c']
    devs={'a':['v1','w1','lo','x1'],'b':['v2','br0','lo','x2'],'c':['w2','lo','x1']}
    for i in range(30):
        r=random.random(); n=random.choice(nss); d=random.choice(devs[n])
        if r<0.35: L.append(f"ip netns exec {n} sysctl -w net.ipv4.conf.{random.choice(['all','default','default',d])}.{random.choice(opts)}={random.choice([0,1,2])}")
        elif r<0.45: L.append(f"ip netns exec {n} sysctl -w net.ipv4.ip_forward={random.choice([0,1])}")
        elif r<0.55: L.append(f"ip -n {n} link add x{random.choice([1,2])} type veth peer y{random.randint(1,4)}" + random.choice(["", " netns a"," netns b"," netns c"]))
        elif r<0.65: L.append(f"ip -n {n} link set {d} netns {random.choice(nss)}")
        elif r<0.75: L.append(f"ip -n {n} addr add 10.{random.randint(0,3)}.0.{random.randint(1,3)}/24 dev {d}")
        elif r<0.85: L.append(f"ip -n {n} link set {d} {random.choice(['up','down','master br0'])}")
        elif r<0.9: L.append(f"ip netns exec {n} sysctl -w net.ipv4.neigh.{d}.proxy_delay={random.choice([0,5])}")
        elif r<0.95: L.append(f"ip -n {n} link del {d}")
        else: L.append(f"ip netns del {random.choice(['c','b'])}")

    return "\n".join(L) + "\n"


def strip_sysctl(text):
    out, skip = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("[sysctl"):
            skip = True
        elif line.startswith("[routes") or line.startswith("[addr") or line.startswith("[link"):
            skip = False
        if not skip:
            out.append(line)
    return "".join(out)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    first, last = int(sys.argv[1]), int(sys.argv[2])
    work = tempfile.mkdtemp(prefix="kfuzz.")
    bad = 0
    for seed in range(first, last + 1):
        for name, gen in (("links", gen_links), ("addresses", gen_addresses), ("sysctls", gen_sysctls)):
            path = os.path.join(work, f"{name}-{seed}.sh")
            with open(path, "w") as f:
                f.write(gen(seed))
            # The sysctl generator compares every modelled sysctl; the others skip them for speed.
            full = name == "sysctls"
            env = dict(os.environ) if full else dict(os.environ, KRECORD_OPTS="forwarding")
            real = subprocess.run([os.path.join(HERE, "krecord.sh"), path], capture_output=True, text=True, env=env)
            if real.returncode == 77:
                print("kfuzz: needs root (namespaces)")
                return 77
            emu = subprocess.run([EMULATE, path], capture_output=True, text=True)
            a, b = (real.stdout, emu.stdout) if full else (strip_sysctl(real.stdout), strip_sysctl(emu.stdout))
            same = a == b
            print(f"{name} {seed} {'SAME' if same else 'DIFF'}", flush=True)
            if not same:
                bad += 1
                with open(path + ".real", "w") as f:
                    f.write(a)
                with open(path + ".emu", "w") as f:
                    f.write(b)
    print(f"kfuzz: {bad} mismatches; scripts in {work}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
