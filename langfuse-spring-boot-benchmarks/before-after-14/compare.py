import json,glob,os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
def load(f):
    out={}
    for r in json.load(open(f)):
        name=r['benchmark'].split('.')[-2]+'.'+r['benchmark'].split('.')[-1]
        if r.get('params'): name+=' '+','.join(f'{k}={v}' for k,v in sorted(r['params'].items()))
        pm=r['primaryMetric']
        row={'score':pm['score'],'err':pm['scoreError'],'unit':pm['scoreUnit']}
        pct=pm.get('scorePercentiles') or {}
        if r['mode']=='sample':
            row['p50']=pct.get('50.0'); row['p99']=pct.get('99.0')
        sec=r.get('secondaryMetrics',{})
        if 'gc.alloc.rate.norm' in sec: row['alloc']=sec['gc.alloc.rate.norm']['score']
        out[name]=row
    return out
for kind in ['enqueue','drop','tracing','e2e']:
    b,n=f'{kind}-base.json',f'{kind}-new.json'
    if not (os.path.exists(b) and os.path.exists(n)): continue
    B,N=load(b),load(n)
    print(f'## {kind}')
    print('| row | unit | base | new | new/base | alloc B/op base | new |')
    print('|---|---|---|---|---|---|---|')
    for k in B:
        if k not in N: continue
        x,y=B[k],N[k]
        extra=''
        if 'p50' in x: extra=f" (p50 {x['p50']:.0f}/{y['p50']:.0f}, p99 {x['p99']:.0f}/{y['p99']:.0f})"
        print(f"| {k}{extra} | {x['unit']} | {x['score']:.1f} ± {x['err']:.1f} | {y['score']:.1f} ± {y['err']:.1f} | {y['score']/x['score']:.2f} | {x.get('alloc','-') if isinstance(x.get('alloc'),str) else round(x.get('alloc',0),1)} | {round(y.get('alloc',0),1)} |")
for kind in ['enqueue1','tracing1']:
    print(f'## {kind}: focused reruns')
    print('| round | row | base | new | alloc B/op base | new |')
    print('|---|---|---|---|---|---|')
    for rnd in (1,2):
        b,n=f'{kind}-base-{rnd}.json',f'{kind}-new-{rnd}.json'
        if not (os.path.exists(b) and os.path.exists(n)): continue
        B,N=load(b),load(n)
        for k in B:
            x,y=B[k],N[k]
            print(f"| {rnd} | {k} | {x['score']:.1f} ± {x['err']:.1f} | {y['score']:.1f} ± {y['err']:.1f} | {round(x.get('alloc',0),1)} | {round(y.get('alloc',0),1)} |")
