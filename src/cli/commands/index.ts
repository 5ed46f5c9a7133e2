/**
 * Every `plugboard` command, in the order `plugboard --help` lists them. A new command is one
 * module in this folder and one line here.
 */
import type { Command } from '../command.js';
import { cache } from './cache.js';
import { check } from './check.js';
import { doctor } from './doctor.js';
import { groups } from './groups.js';
import { list } from './list.js';
import { newCommand } from './new.js';
import { show } from './show.js';

export const commands: readonly Command[] = [list, groups, show, doctor, check, newCommand, cache];
