#!/usr/bin/env node
// The `atlas-mcp` command: the stdio MCP server (mcp/stdio.ts) on plain Node, through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../stdio.ts');
