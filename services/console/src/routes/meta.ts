// Code lists with Russian names for the UI's filters and labels, and the action titles.
import type { FastifyInstance } from 'fastify';
import { requireUser, type ConsoleContext } from '../context';
import { authorityNames, eventNames, importanceNames, locationNames, sourceNames, stageNames, statusNames, topicNames } from '../core/labels-ru';
import { actionRules } from '../core/workflow';

export function metaRoutes(ctx: ConsoleContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/meta', async (request) => {
      requireUser(ctx, request);
      return {
        topics: topicNames, locations: locationNames, authorities: authorityNames, importance: importanceNames, sources: sourceNames,
        stages: stageNames, events: eventNames, statuses: statusNames,
        actions: Object.fromEntries(Object.entries(actionRules).map(([k, r]) => [k, { title: r.title, needs: r.needs }])),
        timeZone: ctx.config.timeZone, region: ctx.config.region, spikes: ctx.config.spikes,
        isSpellingReady: ctx.speller.isReady(),
      };
    });
  };
}
