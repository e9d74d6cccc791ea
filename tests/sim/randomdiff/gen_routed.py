# Random routed lab: a tree of namespaces plus extra links, one /24 (or /32, or address-less
# side) per link, default routes via neighbours, random forwarding/proxy_arp/rp_filter/arp knobs.
# Usage: gen_routed.py SEED
import random, sys
seed=int(sys.argv[1]); r=random.Random(seed)
N=r.randint(3,6)
ns=['n%d'%i for i in range(1,N+1)]
L=['ip netns add %s'%n for n in ns]
links=[]  # (a,da,aaddr,b,db,baddr,subnet)
k=0
# spanning tree plus extra edges
for i in range(1,N):
    links.append((ns[r.randrange(i)], ns[i]))
for _ in range(r.randint(0,2)):
    a,b=r.sample(ns,2); links.append((a,b))
addrs={n:[] for n in ns}   # (dev, ip, subnet)
devs={n:[] for n in ns}
conf=[]
for (a,b) in links:
    k+=1
    da='v%d'%k; db='w%d'%k
    L.append('ip -n %s link add %s type veth peer name %s netns %s'%(a,da,db,b))
    sub='10.%d.%d'%(r.randint(0,1),k)
    style=r.random()
    for n,d,h in ((a,da,1),(b,db,2)):
        devs[n].append(d)
        if style<0.15 and h==1:
            pass  # address-less side (proxy-arp style)
        elif style<0.25:
            ipa='%s.%d'%(sub,h); L.append('ip -n %s addr add %s/32 dev %s'%(n,ipa,d)); addrs[n].append((d,ipa,sub,32))
        else:
            ipa='%s.%d'%(sub,h); L.append('ip -n %s addr add %s/24 dev %s'%(n,ipa,d)); addrs[n].append((d,ipa,sub,24))
        if r.random()<0.93: L.append('ip -n %s link set %s up'%(n,d))
        L.append('ip netns exec %s sysctl -w net.ipv4.neigh.%s.proxy_delay=0'%(n,d))
for n in ns:
    if r.random()<0.9: L.append('ip -n %s link set lo up'%n)
    if r.random()<0.75: conf.append('ip netns exec %s sysctl -w net.ipv4.ip_forward=1'%n)
    for d in devs[n]:
        x=r.random()
        if x<0.2: conf.append('ip netns exec %s sysctl -w net.ipv4.conf.%s.proxy_arp=1'%(n,d))
        elif x<0.3: conf.append('ip netns exec %s sysctl -w net.ipv4.conf.%s.rp_filter=%d'%(n,d,r.choice([1,2])))
        elif x<0.34: conf.append('ip netns exec %s sysctl -w net.ipv4.conf.%s.arp_ignore=%d'%(n,d,r.choice([1,2,3])))
        elif x<0.38: conf.append('ip netns exec %s sysctl -w net.ipv4.conf.%s.forwarding=0'%(n,d))
        elif x<0.41: conf.append('ip netns exec %s sysctl -w net.ipv4.conf.%s.arp_announce=%d'%(n,d,r.choice([1,2])))
    if r.random()<0.15: conf.append('ip netns exec %s sysctl -w net.ipv4.conf.all.rp_filter=%d'%(n,r.choice([1,2])))
L+=conf
# routes: neighbour map per device
peer={}
for idx,(a,b) in enumerate(links):
    k=idx+1
    peer[(a,'v%d'%k)]=(b,'w%d'%k); peer[(b,'w%d'%k)]=(a,'v%d'%k)
allsubs=sorted(set(s for n in ns for (_,_,s,_) in addrs[n]))
for n in ns:
    if not devs[n]: continue
    # default route via a neighbour's address (if any)
    cands=[]
    for d in devs[n]:
        pn,pd=peer[(n,d)]
        for (dd,ipa,sub,pl) in addrs[pn]:
            if dd==pd: cands.append((d,ipa,pl))
    if cands and r.random()<0.8:
        d,gw,pl=r.choice(cands)
        mine=[x for x in addrs[n] if x[0]==d]
        if not mine or mine[0][3]==32 or pl==32:
            L.append('ip -n %s route add %s dev %s scope link'%(n,gw,d))
        L.append('ip -n %s route add default via %s dev %s'%(n,gw,d))
    for _ in range(r.randint(0,2)):
        if not cands or not allsubs: break
        d,gw,pl=r.choice(cands)
        L.append('ip -n %s route add %s.0/24 via %s dev %s'%(n,r.choice(allsubs),gw,d))
    if r.random()<0.2:
        d=r.choice(devs[n]); L.append('ip -n %s route add %s.0/24 dev %s'%(n,r.choice(allsubs),d))
print('\n'.join(L))
