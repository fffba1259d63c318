import type { Args } from '../types';
import type { Workspace } from '../workspace';

/** A Web API method: throws ApiError to refuse, returns the fields that go beside ok:true. */
export type MethodHandler = (ws: Workspace, args: Args) => Record<string, unknown>;

export type MethodTable = Record<string, MethodHandler>;
