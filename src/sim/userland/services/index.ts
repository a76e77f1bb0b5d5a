/** The simulated servers and their clients, gathered for the registry. */

import type { ProgramDef } from '../types.ts';
import { nginxProgram } from './nginx.ts';
import { entrypointProgram } from './entrypoint.ts';
import { redisServerProgram } from './redis.ts';
import { redisCliProgram } from './redis-cli.ts';
import { python3Program } from './pyhttp.ts';
import { busyboxHttpdProgram } from './bbhttpd.ts';
import { registryProgram } from './registry.ts';

export const SERVICE_PROGRAMS = [nginxProgram, entrypointProgram, redisServerProgram, redisCliProgram, python3Program, busyboxHttpdProgram, registryProgram] as unknown as ProgramDef<never>[];
