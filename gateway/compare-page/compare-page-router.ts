import express, { type Router } from 'express';

/** GET /compare: the comparison page (chart and table), served with its assets, no CDN. Placeholder. */
export function createComparePageRouter(): Router {
  return express.Router();
}
