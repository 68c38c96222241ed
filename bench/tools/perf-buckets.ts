// On-CPU time of one process by what it was doing, from a Linux perf profile (perf record -g):
// each sample goes to the first bucket whose frame occurs on its stack, the buckets tried in
// order, so nested work is charged to the most specific one listed first. Unlike a V8
// --cpu-prof (wall-clock samples of the main thread, where a thread descheduled inside a syscall
// still counts), perf counts CPU only and sees OpenSSL, the kernel and V8's own threads by name.
//   node --perf-basic-prof --import tsx bench/cli.ts run ...   (JS frames named in the profile)
//   perf record -F 1999 -g -p <pid> -o perf.data -- sleep 10
//   perf script -i perf.data -F tid,ip,sym | npx tsx bench/tools/perf-buckets.ts [pid] [--tls-client]
import { createInterface } from 'node:readline'

/** A bucket: its label and the frames (substrings of symbol names) that put a sample in it. */
export interface Bucket { label: string; frames: readonly string[] }

/** The harness's EAP-TLS client: OpenSSL's handshake steps, node:tls set-up, the RADIUS path. */
export const TLS_CLIENT_BUCKETS: readonly Bucket[] = [
  { label: 'TLS: parse the server certificate (d2i_X509, OpenSSL 3.0 key decoders)', frames: ['tls_process_server_certificate'] },
  { label: 'TLS: verify the server chain (X509_verify_cert)', frames: ['ssl_verify_cert_chain', 'tls_post_process_server_certificate'] },
  { label: 'TLS: check the server CertificateVerify (ECDSA verify)', frames: ['tls_process_cert_verify'] },
  { label: 'TLS: client CertificateVerify (ECDSA sign)', frames: ['tls_construct_cert_verify'] },
  { label: 'TLS: key share generated (X25519 keygen, ClientHello)', frames: ['tls_construct_ctos_key_share'] },
  { label: 'TLS: ServerHello, ECDH and key schedule', frames: ['tls_process_server_hello', 'tls_parse_stoc_key_share'] },
  { label: 'TLS: client Certificate message', frames: ['tls_construct_client_certificate', 'ssl3_output_cert_chain'] },
  { label: 'TLS: ClientHello (other)', frames: ['tls_construct_client_hello'] },
  { label: 'TLS: Finished, key update, other handshake steps', frames: ['state_machine.part.0', 'SSL_do_handshake', 'ssl3_read_bytes'] },
  { label: 'TLS: record layer / exporter / free', frames: ['SSL_read', 'SSL_write', 'SSL_export_keying_material', 'SSL_free', 'ssl_free', 'TLSWrap::~TLSWrap'] },
  { label: 'TLS: SSL object and TLSSocket set-up (JS + SSL_new)', frames: ['SSL_new', 'JS:*TLSSocket ', 'JS:^TLSSocket ', 'JS:*connect node:_tls_wrap', 'JS:^connect node:_tls_wrap', 'JSStreamSocket', 'TLSWrap::Wrap', 'TLSWrap::Start'] },
  { label: 'RADIUS: Message-Authenticator, authenticators, MPPE (MD5/HMAC)', frames: ['md5', 'hmac', 'JS:*hash ', 'salt-encryption', 'message-authenticator', 'authenticator.ts'] },
  { label: 'UDP send (dgram + kernel)', frames: ['UDPWrap::DoSend', 'UDPWrap::Send', 'afterDns', 'JS:*send node:dgram', 'JS:^send node:dgram', '__libc_sendmsg'] },
  { label: 'UDP receive (kernel + dgram, until the reply is matched)', frames: ['__libc_recvmsg', 'uv__udp_recvmsg', 'JS:*onMessage node:dgram', 'JS:^onMessage node:dgram'] },
  { label: 'GC (V8, all threads)', frames: ['Scavenger', 'MarkCompact', 'ConcurrentMarking', 'Sweeper', 'ArrayBufferSweeper', 'Heap::', 'ScavengeJob', 'MinorMarkCompact'] },
  { label: 'JIT compiler (V8 threads)', frames: ['OptimizingCompileDispatcher', 'compiler::', 'Compiler::', 'BaselineBatchCompiler', 'Maglev'] },
  { label: 'event loop: epoll', frames: ['epoll_wait'] },
]

/** `stack` leaf first. Samples in no bucket go by the file of their innermost JavaScript frame. */
export function bucketOf(stack: readonly string[], buckets: readonly Bucket[]): string {
  for (const b of buckets) if (stack.some((f) => b.frames.some((s) => f.includes(s)))) return b.label
  const js = stack.find((f) => f.startsWith('JS:'))
  if (js === undefined) return 'other: no JavaScript frame (V8 runtime, native)'
  const url = /\s(\S+):\d+:\d+$/.exec(js)?.[1] ?? ''
  const where = url.startsWith('node:') ? url.replace(/^node:(internal\/)?/, 'node:').split('/')[0] : url.replace(/^.*\/(bench|proto|node_modules)\//, '$1/')
  return `other: innermost JavaScript in ${where}`
}

async function main(): Promise<void> {
  const pidArg = process.argv.slice(2).find((a) => /^\d+$/.test(a))
  const buckets = TLS_CLIENT_BUCKETS
  const counts = new Map<string, number>()
  const threads = new Map<string, number>()
  let total = 0
  let tid = ''
  let stack: string[] = []
  const flush = (): void => {
    if (tid === '') return
    total++
    const b = pidArg !== undefined && tid !== pidArg && !buckets.slice(-3, -1).some((x) => stack.some((f) => x.frames.some((s) => f.includes(s))))
      ? 'other threads (V8 platform, libuv pool)'
      : bucketOf(stack, buckets)
    counts.set(b, (counts.get(b) ?? 0) + 1)
    threads.set(tid, (threads.get(tid) ?? 0) + 1)
    tid = ''
    stack = []
  }
  for await (const line of createInterface({ input: process.stdin })) {
    const head = /^\s*(\d+)\s*$/.exec(line)
    if (head !== null) { flush(); tid = head[1] as string; continue }
    const frame = /^\s+[0-9a-f]+\s+(.*)$/.exec(line)
    if (frame !== null) stack.push(frame[1] as string)
    else if (line.trim() === '') flush()
  }
  flush()
  const pct = (n: number): string => `${((100 * n) / total).toFixed(1).padStart(5)}%`
  process.stdout.write(`${total} samples${pidArg === undefined ? '' : `, main thread ${pidArg}: ${pct(threads.get(pidArg) ?? 0).trim()}`}; shares of on-CPU samples\n`)
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`${pct(v)}  ${k}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
