/**
 * One read-only tool: zod input and output shapes, `readOnlyHint: true`, and an answer that is
 * the API's validated answer as `structuredContent` plus a sentence for the model. Refusals a model
 * can act on (`ApiRefusal`, `RangeError`) become tool results with `isError: true`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ApiRefusal, type AtlasApi } from './api.js';
import { RangeError } from './ranges.js';

export interface ToolDeps {
  api: AtlasApi;
  clock: () => Date;
}

export interface Answer<T> {
  data: T;
  text: string;
}

export interface ReadTool<I extends z.ZodRawShape, O extends z.ZodObject> {
  title: string;
  description: string;
  input: I;
  output: O;
  run: (args: z.output<z.ZodObject<I>>) => Promise<Answer<z.output<O>>>;
}

export const refused = (message: string): CallToolResult => ({
  content: [{ type: 'text', text: message }],
  isError: true,
});

export function registerReadTool<I extends z.ZodRawShape, O extends z.ZodObject>(
  server: McpServer,
  name: string,
  tool: ReadTool<I, O>,
): void {
  const callback = async (args: z.output<z.ZodObject<I>>): Promise<CallToolResult> => {
    try {
      const { data, text } = await tool.run(args);
      return { structuredContent: data as Record<string, unknown>, content: [{ type: 'text', text }] };
    } catch (error) {
      if (error instanceof ApiRefusal || error instanceof RangeError || error instanceof ToolRefusal)
        return refused(error.message);
      throw error;
    }
  };
  server.registerTool(
    name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: {
        title: tool.title,
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    // The SDK types the callback from the shape through its zod v3/v4 compat layer; the shape is ours.
    callback as never,
  );
}

/** A question the tool itself refuses (e.g. neither of two alternative arguments given). */
export class ToolRefusal extends Error {
  override readonly name = 'ToolRefusal';
}

/** Hours as people say them: 6.5, 4.75, 0. */
export const hours = (value: number) => `${Math.round(value * 100) / 100}`;
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The inputs every list takes: a page size and the cursor of the page before. */
export const PageInput = {
  limit: z.int().min(1).max(100).optional().describe('items per page (default 50, at most 100)'),
  cursor: z.string().max(600).optional().describe('`next_cursor` of the previous page'),
};

export const Uuid = (what: string) => z.string().min(1).max(100).describe(`the ${what}'s id (a UUID)`);
