/**
 * The launcher co-process (see `launcher.ts`): a small Python program, started
 * once per runner, that starts each attempt on request with `posix_spawn` and
 * reports its pid, then its exit status or signal. glibc's `posix_spawn`
 * uses `clone(CLONE_VM | CLONE_VFORK)`: no page tables are copied, so it
 * costs what a shell loop's spawn costs, where Node on Linux `fork`s its own
 * large process, synchronously, for every child (libuv uses `posix_spawn`
 * only on macOS).
 *
 * Only the standard library is used (`os.posix_spawnp` with `setsid`: Python
 * ≥ 3.8). Before it says it is ready, the launcher spawns `/bin/sh -c :` the
 * way it will spawn attempts; a Python that cannot exits with status 3 and
 * the runner uses Node's `spawn` instead.
 *
 * Protocol (a launcher runs one attempt at a time; the runner starts more
 * launchers for attempts that overlap):
 * - request, runner → launcher: `<bytes>\n` then `<bytes>` of NUL-separated
 *   fields: id, cwd, stdout file, stderr file, argc, argv…, then `NAME=value`
 *   environment entries (the child's complete environment).
 * - replies, launcher → runner, one line each:
 *   `R` (ready, once) · `S <id> <pid>` (the program runs) ·
 *   `F <id> <errno>` (chdir, open or exec failed: nothing ran) ·
 *   `L <id> <pid> <name>` (a process the attempt left running when it
 *   exited, killed; one line each, before the `X`) ·
 *   `X <id> <exit code|-> <signal number|->` (reaped; its process group has
 *   been sent SIGKILL, and so has every process it left, so that nothing of
 *   the attempt outlives it).
 *
 * Nothing of an attempt outlives it: on Linux the launcher makes itself a
 * child subreaper (`prctl(PR_SET_CHILD_SUBREAPER)`, through ctypes), so a
 * descendant orphaned by the attempt's exit becomes the launcher's child
 * instead of init's, even one that left the attempt's process group and
 * session (`setsid`), which the group kill cannot reach. When the attempt has
 * been reaped and the launcher still has children, it lists its descendants
 * from /proc, names those alive, kills them all and reaps them (checking takes
 * one `waitpid` when nothing is left, the usual case). Without a subreaper
 * (not Linux, or prctl refused) only the group kill applies.
 *
 * Each attempt runs as the leader of a new session (`setsid`, like Node's
 * `detached: true`), with stdin from /dev/null, stdout and stderr in the
 * given files, its cwd and environment as requested (the program is looked up
 * in the child's PATH, as Node does) and default signal dispositions (Python
 * ignores SIGPIPE and SIGXFSZ; its children must not). While an attempt runs,
 * the launcher blocks in `waitpid` and checks once a second (SIGALRM) whether
 * the runner is still there: when it is gone (its end of stdin closed, e.g.
 * kill -9), the attempt's process group is killed, its output files and the
 * (then empty) output folder are removed, and the launcher exits.
 */
export const LAUNCHER_SCRIPT = `
import os, select, signal, sys, time

if not hasattr(os, 'posix_spawnp') or not hasattr(os, 'POSIX_SPAWN_OPEN'):
    sys.exit(3)
W = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
SIGDEF = [getattr(signal, n) for n in ('SIGPIPE', 'SIGXFSZ', 'SIGINT', 'SIGTERM') if hasattr(signal, n)]
SUBREAPER = False  # orphans of an attempt become this launcher's children (Linux)
if sys.platform.startswith('linux'):
    try:
        import ctypes
        SUBREAPER = ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except Exception:
        pass
pending = b''  # bytes read from the runner, not yet used
running = 0    # pid of the attempt running, 0 when idle
outputs = []   # the output files of the attempt running (or of the last one)


def spawn(argv, env, out, err):
    return os.posix_spawnp(argv[0], argv, env, setsid=True, setsigdef=SIGDEF, file_actions=[
        (os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, out, W, 0o666),
        (os.POSIX_SPAWN_OPEN, 2, err, W, 0o666)])


def descendants():
    # (pid, name, alive, process group) of every process below this one, from /proc's parent links.
    kids = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/' + entry + '/stat', 'rb') as f:
                stat = f.read()
        except OSError:
            continue
        close = stat.rfind(b')')
        fields = stat[close + 2:].split()
        name = stat[stat.find(b'(') + 1:close].decode('latin-1')
        kids.setdefault(int(fields[1]), []).append((int(entry), name, fields[0] != b'Z', int(fields[2])))
    out, todo = [], [os.getpid()]
    while todo:
        for kid in kids.get(todo.pop(), ()):
            out.append(kid)
            todo.append(kid[0])
    return out


def sweep(group):
    # Kills and reaps whatever the attempt left (its orphans are ours: subreaper); returns those found
    # alive outside its process group (the group kill, already sent, cannot reach them).
    left = {}
    for _ in range(400):
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            break  # no child left: the usual case, one waitpid
        for pid, name, alive, pgrp in descendants():
            if alive and pgrp != group and pid not in left:
                left[pid] = ''.join(c if c.isprintable() and c != ' ' else '?' for c in name) or '?'
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.005)
    return left


def quit():
    # The runner is gone: its attempt goes with it, and so do the output files nobody will read.
    if running:
        try:
            os.killpg(running, signal.SIGKILL)
        except OSError:
            pass
    if SUBREAPER:
        sweep(running)
    if running:
        for path in outputs:
            try:
                os.unlink(path)
            except OSError:
                pass
    if outputs:
        try:
            os.rmdir(os.path.dirname(outputs[0]))  # only when empty: other launchers may still use it
        except OSError:
            pass
    os._exit(0)


def reply(text):
    data = text.encode()
    try:
        while data:
            data = data[os.write(1, data):]
    except OSError:
        quit()


def runner_gone():
    global pending
    if not select.select([0], [], [], 0)[0]:
        return False
    chunk = os.read(0, 65536)
    pending += chunk
    return not chunk


def on_alarm(signum, frame):
    if running and runner_gone():
        quit()
    signal.alarm(1)


def launch(request):
    global running
    f = request.split(b'\\0')
    rid, cwd, out, err, argc = f[0].decode(), f[1], f[2], f[3], int(f[4])
    outputs[:] = [out, err]
    argv = f[5:5 + argc]
    env = {}
    for kv in f[5 + argc:]:
        i = kv.find(b'=')
        if i > 0:
            env[kv[:i]] = kv[i + 1:]
    try:
        os.chdir(cwd)
        # posix_spawnp looks the program up in the launcher's PATH: make it the child's.
        if b'PATH' in env:
            os.environb[b'PATH'] = env[b'PATH']
        else:
            os.environb.pop(b'PATH', None)
        pid = spawn(argv, env, out, err)
    except OSError as e:
        reply('F %s %d\\n' % (rid, e.errno or 0))
        return
    running = pid
    reply('S %s %d\\n' % (rid, pid))
    signal.alarm(1)
    _, status = os.waitpid(pid, 0)
    signal.alarm(0)
    running = 0
    try:
        os.killpg(pid, signal.SIGKILL)  # what is left of the attempt's group does not outlive it
    except OSError:
        pass
    if SUBREAPER:
        for left, name in sweep(pid).items():
            reply('L %s %d %s\\n' % (rid, left, name))
    if os.WIFSIGNALED(status):
        reply('X %s - %d\\n' % (rid, os.WTERMSIG(status)))
    else:
        reply('X %s %d -\\n' % (rid, os.WEXITSTATUS(status)))


try:
    os.waitpid(spawn([b'/bin/sh', b'-c', b':'], {}, '/dev/null', '/dev/null'), 0)
except Exception:
    sys.exit(3)
signal.signal(signal.SIGALRM, on_alarm)
reply('R\\n')
while True:
    nl = pending.find(b'\\n')
    if nl > 0 and len(pending) >= nl + 1 + int(pending[:nl]):
        end = nl + 1 + int(pending[:nl])
        request, pending = pending[nl + 1:end], pending[end:]
        launch(request)
        continue
    chunk = os.read(0, 65536)
    if not chunk:
        quit()
    pending += chunk
`;
