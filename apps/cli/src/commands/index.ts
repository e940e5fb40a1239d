import type { Command } from 'commander';
import { registerDatagenCommands } from './datagen.js';
import { registerFitCommands } from './fit.js';
import { registerEvaluateCommand } from './evaluate.js';
import { registerRenderCommands } from './render.js';
import { registerPipelineCommands } from './pipeline.js';

/** Every `sigmoid` subcommand, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerPipelineCommands(program);
  registerDatagenCommands(program);
  registerFitCommands(program);
  registerEvaluateCommand(program);
  registerRenderCommands(program);
}
