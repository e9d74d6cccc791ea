# Random lab: gen_routed.py plus a LAN bridge (duplicates, pvlan, arp_filter, accept_local),
# error routes, proxy neighbours and ignore_routes_with_linkdown. Usage: gen_lan.py SEED
import os, random, sys, subprocess
seed=int(sys.argv[1]); r=random.Random(seed)
base=subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_routed.py'), str(seed)],capture_output=True,text=True).stdout.strip().split('\n')
ns=[l.split()[3] for l in base if l.startswith('ip netns add')]
L=list(base)
# a LAN bridge joining some namespaces
if r.random()<0.7:
    L.insert(0,'ip netns add sw')
    L.append('ip -n sw link add br0 type bridge')
    members=r.sample(ns, r.randint(2,min(4,len(ns))))
    for i,n in enumerate(members):
        L.append('ip -n sw link add q%d type veth peer name lan%d netns %s'%(i,i,n))
        L.append('ip -n sw link set q%d master br0'%i)
        if r.random()<0.92: L.append('ip -n sw link set q%d up'%i)
        host = 10+i if r.random()<0.9 else 10  # sometimes a duplicate address
        L.append('ip -n %s addr add 192.168.5.%d/24 dev lan%d'%(n,host,i))
        L.append('ip -n %s link set lan%d up'%(n,i))
        L.append('ip netns exec %s sysctl -w net.ipv4.neigh.lan%d.proxy_delay=0'%(n,i))
        x=r.random()
        if x<0.15: L.append('ip netns exec %s sysctl -w net.ipv4.conf.lan%d.proxy_arp=1'%(n,i))
        elif x<0.22: L.append('ip netns exec %s sysctl -w net.ipv4.conf.lan%d.proxy_arp_pvlan=1'%(n,i))
        elif x<0.3: L.append('ip netns exec %s sysctl -w net.ipv4.conf.lan%d.arp_filter=1'%(n,i))
        elif x<0.35: L.append('ip netns exec %s sysctl -w net.ipv4.conf.lan%d.accept_local=1'%(n,i))
        if r.random()<0.3:
            other=r.choice([m for m in ns if m!=n])
            L.append('ip -n %s route add 10.%d.0.0/16 via 192.168.5.%d'%(other, r.randint(0,1), host))
    if r.random()<0.9: L.append('ip -n sw link set br0 up')
    if r.random()<0.4: L.append('ip -n sw addr add 192.168.5.99/24 dev br0')
for n in ns:
    x=r.random()
    if x<0.1: L.append('ip -n %s route add blackhole 10.%d.%d.0/24'%(n,r.randint(0,1),r.randint(1,8)))
    elif x<0.2: L.append('ip -n %s route add unreachable 10.%d.%d.0/24'%(n,r.randint(0,1),r.randint(1,8)))
    elif x<0.25: L.append('ip -n %s route add prohibit 10.%d.%d.0/24'%(n,r.randint(0,1),r.randint(1,8)))
    elif x<0.3: L.append('ip -n %s neigh add proxy 10.%d.%d.2 dev %s'%(n,r.randint(0,1),r.randint(1,8), r.choice([l.split()[4] for l in base if l.startswith('ip -n %s link set'%n) and 'lo' not in l] or ['lo'])))
    elif x<0.35: L.append('ip netns exec %s sysctl -w net.ipv4.conf.all.ignore_routes_with_linkdown=1'%n)
print('\n'.join(L))
