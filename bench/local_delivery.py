#!/usr/bin/env python3
"""Local-delivery benchmark: 20,000 messages of 4 KiB from 50 concurrent smtp-source sessions
into one local mailbox (Maildir), for Mailflow and for Postfix in the same run, beside the raw
fsync rate of the disk. Python 3 standard library only.

For each gateway: a 2,000-message warm-up, then
  1. throughput: smtp-source -d -s 50 -m N -l 4000, timed from the first connection until the
     N-th file is in the Maildir; gateway CPU seconds (process tree, /proc) and peak memory;
  2. time to 250: the same N messages from 50 asyncio sessions of this script, each measuring
     end of DATA (its final write) -> the 250 reply; p50 / p99.
Results: one JSON line per measurement in OUT/results.jsonl and a Markdown table on stdout.

    python3 bench/local_delivery.py --out bench/results/local-$(date +%Y%m%d-%H%M%S)
"""
import argparse, asyncio, json, os, shutil, signal, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TICK = os.sysconf("SC_CLK_TCK")


def tree(root):
    """PIDs of a process and all its descendants."""
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/stat" % p) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def cpu_seconds(root):
    total = 0
    for p in tree(root):
        try:
            with open("/proc/%d/stat" % p) as f:
                v = f.read().rsplit(")", 1)[1].split()
            total += int(v[11]) + int(v[12]) + int(v[13]) + int(v[14])
        except (OSError, ValueError):
            pass
    return total / TICK


def memory_mb(root):
    """(sum of PSS, sum of RSS) of the tree in MB."""
    pss = rss = 0
    for p in tree(root):
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return pss / 1024, rss / 1024


class Sampler(threading.Thread):
    def __init__(self, root):
        super().__init__(daemon=True)
        self.root, self.peak, self.stop = root, (0, 0), False

    def run(self):
        while not self.stop:
            m = memory_mb(self.root)
            self.peak = (max(self.peak[0], m[0]), max(self.peak[1], m[1]))
            time.sleep(0.25)


def count(maildir):
    try:
        return len(os.listdir(maildir))
    except FileNotFoundError:
        return 0


def wait_for(maildir, target, timeout=600):
    deadline = time.time() + timeout
    while count(maildir) < target:
        if time.time() > deadline:
            raise SystemExit("timeout waiting for %d files in %s (have %d)" % (target, maildir, count(maildir)))
        time.sleep(0.02)
    return time.time()


def fsync_rate(directory, writers, seconds=3.0):
    """create + write 4 KiB + fsync + close per operation, as Maildir delivery does."""
    def work(i, out):
        block, n, end = os.urandom(4096), 0, time.time() + seconds
        while time.time() < end:
            path = os.path.join(directory, "fsync-%d-%d" % (i, n))
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.write(fd, block)
            os.fsync(fd)
            os.close(fd)
            os.unlink(path)
            n += 1
        out.append(n)
    results = []
    threads = [threading.Thread(target=lambda i=i: work(i, results)) for i in range(writers)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return sum(results) / seconds


def smtp_source(port, n, sessions, sender="gen@src.bench.invalid"):
    src = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
    subprocess.run([src, "-d", "-s", str(sessions), "-m", str(n), "-l", "4000", "-f", sender,
                    "-t", "user@bench.test", "-M", "gen.bench.invalid", "127.0.0.1:%d" % port], check=True)


async def latency_session(port, todo, acks, message):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    async def reply():
        while True:
            line = await reader.readline()
            if not line:
                raise ConnectionError("closed")
            if line[3:4] != b"-":
                return line

    await reply()
    writer.write(b"EHLO gen.bench.invalid\r\n"); await reply()
    while todo[0] > 0:
        todo[0] -= 1
        for cmd in (b"MAIL FROM:<gen@src.bench.invalid>\r\n", b"RCPT TO:<user@bench.test>\r\n", b"DATA\r\n"):
            writer.write(cmd)
            r = await reply()
            if r[:1] not in (b"2", b"3"):
                raise SystemExit("unexpected reply %r" % r)
        t0 = time.perf_counter()
        writer.write(message)
        r = await reply()
        acks.append(time.perf_counter() - t0)
        if not r.startswith(b"250"):
            raise SystemExit("not accepted: %r" % r)
    writer.write(b"QUIT\r\n")
    writer.close()


def latency(port, n, sessions):
    body = (b"x" * 78 + b"\r\n") * 50
    message = b"Subject: latency\r\nFrom: <gen@src.bench.invalid>\r\n\r\n" + body + b".\r\n"
    todo, acks = [n], []

    async def main():
        await asyncio.gather(*(latency_session(port, todo, acks, message) for _ in range(sessions)))
    start = time.time()
    asyncio.run(main())
    acks.sort()
    pct = lambda p: acks[min(len(acks) - 1, int(p / 100 * len(acks)))] * 1000
    return {"n": len(acks), "secs": time.time() - start, "ack_p50_ms": pct(50), "ack_p99_ms": pct(99)}


class Mailflow:
    name = "mailflow"

    def __init__(self, port, workdir):
        self.port, self.dir = port, os.path.join(workdir, "mailflow")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.maildir = os.path.join(self.dir, "data/mailboxes/user@bench.test/Maildir/new")
        with open(os.path.join(self.dir, "mailflow.yaml"), "w") as f:
            f.write("server:\n  hostname: bench-gw.localdomain\n  dataDirectory: ./data\n  listeners:\n"
                    "    - name: bench\n      bind: 127.0.0.1:%d\n  admin:\n    bind: 127.0.0.1:0\n"
                    "acceptedDomains:\n  - domainName: bench.test\nmailboxes:\n  - primarySmtpAddress: user@bench.test\n"
                    % port)

    def start(self):
        self.log = open(os.path.join(self.dir, "gateway.log"), "w")
        self.proc = subprocess.Popen([os.path.join(ROOT, "bin", "mailflow"), "run", "--config",
                                      os.path.join(self.dir, "mailflow.yaml")], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while "Mailflow is running" not in open(self.log.name).read():
            if time.time() > deadline or self.proc.poll() is not None:
                raise SystemExit("mailflow did not start: " + open(self.log.name).read()[-2000:])
            time.sleep(0.2)
        return self.proc.pid

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)


class Postfix:
    name = "postfix"

    def __init__(self, port, workdir):
        self.port = port
        self.base = "/var/mail/vbench"
        self.maildir = os.path.join(self.base, "bench.test/user/new")
        env = dict(os.environ, GW_PORT=str(port), MAIL_BASE=self.base)
        with open(os.path.join(workdir, "postfix-setup.txt"), "w") as f:
            subprocess.run(["bash", os.path.join(HERE, "postfix-maildir", "setup.sh")], env=env, check=True,
                           stdout=f, stderr=subprocess.STDOUT)
        shutil.rmtree(os.path.join(self.base, "bench.test"), ignore_errors=True)

    def start(self):
        subprocess.run(["postfix", "start"], check=True, capture_output=True)
        deadline = time.time() + 30
        while not os.path.exists("/var/spool/postfix/pid/master.pid"):
            if time.time() > deadline:
                raise SystemExit("postfix did not start")
            time.sleep(0.1)
        time.sleep(1)
        return int(open("/var/spool/postfix/pid/master.pid").read().split()[0])

    def stop(self):
        subprocess.run(["postfix", "stop"], check=False, capture_output=True)
        time.sleep(2)


def measure(gw, n, sessions, warmup, out):
    pid = gw.start()
    try:
        smtp_source(gw.port, warmup, sessions)
        done = wait_for(gw.maildir, warmup)
        time.sleep(2)
        base, cpu0 = count(gw.maildir), cpu_seconds(pid)
        sampler = Sampler(pid)
        sampler.start()
        t0 = time.time()
        smtp_source(gw.port, n, sessions)
        t_end = wait_for(gw.maildir, base + n)
        cpu = cpu_seconds(pid) - cpu0
        sampler.stop = True
        rec = {"gateway": gw.name, "what": "throughput", "n": n, "sessions": sessions, "secs": t_end - t0,
               "msgs_s": n / (t_end - t0), "cpu_s": cpu, "cpu_ms_per_msg": cpu * 1000 / n,
               "peak_pss_mb": sampler.peak[0], "peak_rss_mb": sampler.peak[1]}
        print(json.dumps(rec), flush=True)
        out.write(json.dumps(rec) + "\n")
        base = count(gw.maildir)
        lat = latency(gw.port, n, sessions)
        wait_for(gw.maildir, base + n)
        rec = dict({"gateway": gw.name, "what": "time_to_250", "sessions": sessions}, **lat)
        print(json.dumps(rec), flush=True)
        out.write(json.dumps(rec) + "\n")
    finally:
        gw.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20000)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=2000)
    ap.add_argument("--port", type=int, default=2525)
    # Mailflow first: Postfix creates and deletes a queue file per message, and ext4 then spends
    # minutes skipping those "recently deleted" inodes when allocating new ones (seen with perf:
    # recently_deleted() in find_inode_bit), which would slow whichever gateway runs next.
    ap.add_argument("--gateways", default="mailflow,postfix")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "local-" + time.strftime("%Y%m%d-%H%M%S")))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="mailflow-bench-", dir="/var/tmp")
    with open(os.path.join(a.out, "results.jsonl"), "a") as out:
        for writers in (1, 8):
            rec = {"what": "fsync", "writers": writers, "ops_s": fsync_rate(work, writers)}
            print(json.dumps(rec), flush=True)
            out.write(json.dumps(rec) + "\n")
        for name in a.gateways.split(","):
            gw = Postfix(a.port, a.out) if name == "postfix" else Mailflow(a.port, work)
            measure(gw, a.n, a.sessions, a.warmup, out)
    with open(os.path.join(a.out, "env.txt"), "w") as f:
        f.write(subprocess.run(["bash", "-c", "date -u; uname -a; nproc; free -m | head -2; df -h /var/tmp | tail -1; "
                                "postconf -d mail_version 2>/dev/null; java -version 2>&1 | head -1"],
                               capture_output=True, text=True).stdout)
    shutil.rmtree(work, ignore_errors=True)
    summary = summarize(os.path.join(a.out, "results.jsonl"))
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write(summary)
    print(summary)


def summarize(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    fs = {r["writers"]: r["ops_s"] for r in rows if r["what"] == "fsync"}
    out = ["| gateway | msgs/s (smtp-source, 50 sessions) | CPU ms/msg | peak PSS MB | time to 250 p50 / p99 ms |",
           "|---|---|---|---|---|"]
    for gw in dict.fromkeys(r["gateway"] for r in rows if "gateway" in r):
        t = next(r for r in rows if r.get("gateway") == gw and r["what"] == "throughput")
        l = next(r for r in rows if r.get("gateway") == gw and r["what"] == "time_to_250")
        out.append("| %s | %.0f | %.2f | %.0f | %.1f / %.1f |" % (gw, t["msgs_s"], t["cpu_ms_per_msg"], t["peak_pss_mb"],
                                                             l["ack_p50_ms"], l["ack_p99_ms"]))
    out.append("")
    out.append("Raw fsync rate of the same disk (create + write 4 KiB + fsync + close): %.0f ops/s with 1 writer, "
               "%.0f ops/s with 8." % (fs.get(1, 0), fs.get(8, 0)))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
