// `nac user hash`: a password hash for the org's local users (EAP-TTLS/PAP), the password from stdin.
import { InvalidArgumentError, type Command } from 'commander'
import { hashPassword } from '../../workers/tasks/password-hash.js'

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('local users (EAP-TTLS/PAP)')
  user.command('hash')
    .description('print a scrypt$N$r$p$salt$hash string for localUsers[].passwordHash; the password is read from stdin')
    .action(async () => {
      const chunks: Buffer[] = []
      for await (const c of process.stdin) chunks.push(c as Buffer)
      const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
      if (password === '') throw new InvalidArgumentError('no password on stdin')
      process.stdout.write(`${hashPassword({ password })}\n`)
    })
}
