#!/usr/bin/env node
// nac: the command line of nac-cluster. `run` is the embedded default; `gateway` and `actor-node`
// are the processes of a real deployment; `config`, `pki`, `user` and the API verbs administer orgs.
// One file per command group (ops/cli/*-command(s).ts).
import { Command } from 'commander'
import { registerApiCommands } from '../api/cli-commands.js'
import { registerActorNodeCommand } from './actor-node-command.js'
import { registerConfigCommands } from './config-commands.js'
import { registerGatewayCommand } from './gateway-command.js'
import { registerPkiCommands } from './pki-commands.js'
import { registerRunCommand } from './run-command.js'
import { registerUserCommands } from './user-commands.js'

const program = new Command('nac').description('nac-cluster: cloud network access control')
registerRunCommand(program)
registerGatewayCommand(program)
registerActorNodeCommand(program)
registerConfigCommands(program)
// Before the API verbs: they add the EAP PKI verbs under this `pki` command.
registerPkiCommands(program)
registerApiCommands(program)
registerUserCommands(program)

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`nac: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
