// Loads the regulation profiles and builds each region's working calendar from the taxonomy files, once.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, parseConfig } from '@cur/shared/config/load-config';
import type { RegionCode } from '@cur/shared/contracts/index';
import { RegulationProfile } from './core/profile';
import { createWorkingCalendar, OfficeHours, ProductionCalendar, type WorkingCalendar } from './core/working-time';

const here = dirname(fileURLToPath(import.meta.url));
export const defaultProfilesDir = join(here, '..', 'profiles');
export const defaultTaxonomyDir = join(here, '..', '..', '..', 'shared', 'taxonomy');

const RegionsFile = z.object({
  regions: z.record(z.string(), z.object({ iana_tz: z.string(), office_hours: OfficeHours })),
});

export interface Regulation {
  profile: RegulationProfile;
  /** The region's working calendar without outages. */
  calendar: WorkingCalendar;
}
export type Regulations = ReadonlyMap<RegionCode, Regulation>;

export interface RegulationSources {
  profilesDir?: string;
  regionsFile?: string;
  calendarFile?: string;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`(file): cannot read ${path}: ${(error as Error).message}`], path);
  }
}

function parsed<T>(schema: z.ZodType<T>, data: unknown, origin: string): T {
  const result = parseConfig(schema, data, origin);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Every *.json profile of the folder, validated; throws ConfigError naming the bad file and key. */
export function loadRegulations(sources: RegulationSources = {}): Regulations {
  const profilesDir = sources.profilesDir ?? defaultProfilesDir;
  const regionsPath = sources.regionsFile ?? join(defaultTaxonomyDir, 'regions.json');
  const calendarPath = sources.calendarFile ?? join(defaultTaxonomyDir, 'production-calendar-ru.json');
  const regions = parsed(RegionsFile, readJson(regionsPath), regionsPath).regions;
  const productionCalendar = parsed(ProductionCalendar, readJson(calendarPath), calendarPath);
  const out = new Map<RegionCode, Regulation>();
  for (const file of readdirSync(profilesDir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(profilesDir, file);
    const profile = parsed(RegulationProfile, readJson(path), path);
    if (file !== `${profile.region}.json`) throw new ConfigError([`region: "${profile.region}" does not match the file name`], path);
    const region = regions[profile.officeHours];
    if (!region) throw new ConfigError([`officeHours: no region "${profile.officeHours}" in ${regionsPath}`], path);
    const calendar = createWorkingCalendar({ zone: region.iana_tz, officeHours: region.office_hours, productionCalendar });
    if (!calendar.ok) throw new ConfigError([`officeHours: ${calendar.error.message}`], path);
    out.set(profile.region, { profile, calendar: calendar.value });
  }
  return out;
}
