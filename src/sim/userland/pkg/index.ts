/** The package managers, gathered for the registry. */

import type { ProgramDef } from '../types.ts';
import { aptGetProgram, aptProgram } from './apt.ts';
import { apkProgram } from './apk.ts';
import { dnfProgram } from './dnf.ts';

export const PKG_PROGRAMS = [aptGetProgram, aptProgram, apkProgram, dnfProgram, { ...dnfProgram, id: 'dnf5' }, { ...dnfProgram, id: 'yum' }] as unknown as ProgramDef<never>[];
