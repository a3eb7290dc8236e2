// sse-kit's copy of the Standard Schema interface (src/store/standard-schema.ts) against the spec's own
// package: a schema typed by either is one the other accepts, and they infer the same output.
import type { StandardSchemaV1 as Spec } from '@standard-schema/spec';
import type { StandardSchemaV1 as Ours } from '../../src/store/standard-schema.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>) => proof;

declare const spec: Spec<unknown, { n: number }>;
declare const ours: Ours<unknown, { n: number }>;
export const toOurs: Ours<unknown, { n: number }> = spec;
export const toSpec: Spec<unknown, { n: number }> = ours;
same<Ours.InferOutput<typeof spec>, Spec.InferOutput<typeof spec>>(true);
declare const result: Awaited<ReturnType<Spec['~standard']['validate']>>;
export const readable: Ours.Result<unknown> = result;
