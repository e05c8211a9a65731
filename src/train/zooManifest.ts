/**
 * `zoo.json`, the manifest of a zoo folder (docs/contracts.md): one schema, written by the
 * trainer and read by the model registry, so the two can never disagree about its shape.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { OBJECTIVES, ZOO_ROLES } from '../vocabulary.ts';


export const ZooManifestSchema = z.object({
  /** The data the zoo was trained on (`default`, `hh-rlhf`); model ids are `<zooName(data, seed)>/<role>`. */
  data: z.string().min(1),
  seed: z.number().int(),
  quick: z.boolean(),
  models: z.array(z.object({
    role: z.enum(ZOO_ROLES),
    objective: z.enum(OBJECTIVES),
    /** The ONNX file, relative to the zoo folder. */
    file: z.string().min(1),
    sha256: z.string(),
    /** Role of the model it was fine-tuned from, or null for the base. */
    base: z.enum(ZOO_ROLES).nullable(),
  })),
  /** The dataset refs each objective was trained on. */
  datasets: z.object({ helpful: z.array(z.string()), harmless: z.array(z.string()) }),
});

export type ZooManifest = z.infer<typeof ZooManifestSchema>;

/**
 * A zoo's name, the prefix of its model ids: `<data>` for seed 1 (the default zoo keeps its
 * `default/…` ids) and `<data>-seed<n>` for any other seed, so zoos of several seeds are served
 * side by side without their ids colliding. It is also the folder a zoo is built in by default
 * (src/train/zoo.ts, `defaultZooOut`, which adds `-quick` for a quick build). A quick zoo takes
 * the name of the full zoo of its seed: it stands in for that zoo in tests.
 */
export function zooName(data: string, seed: number): string {
  return seed === 1 ? data : `${data}-seed${seed}`;
}

/** The manifest file of a zoo folder. */
export function zooManifestPath(dir: string): string {
  return join(resolve(dir), 'zoo.json');
}

/** Reads and validates `zoo.json` of a zoo folder; NotFoundError when there is none. */
export function readZooManifest(dir: string): ZooManifest {
  const path = zooManifestPath(dir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new NotFoundError(`no zoo at ${resolve(dir)} (zoo.json missing); build one with \`rmlens zoo build\``);
  }
  const manifest = ZooManifestSchema.parse(JSON.parse(text));
  const roles = new Set(manifest.models.map((m) => m.role));
  for (const m of manifest.models) {
    if (m.base !== null && !roles.has(m.base)) throw new BadUserInputError(`${path}: ${m.role}'s base '${m.base}' is not in the zoo`);
  }
  return manifest;
}

/** Writes `zoo.json` into a zoo folder. */
export async function writeZooManifest(dir: string, manifest: ZooManifest): Promise<void> {
  await writeFile(zooManifestPath(dir), `${JSON.stringify(ZooManifestSchema.parse(manifest), null, 2)}\n`);
}
