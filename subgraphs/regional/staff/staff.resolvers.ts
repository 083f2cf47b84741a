import { readFileSync } from 'node:fs';
import type { RegionalContext } from '../context.ts';
import type { OrganisationUnitRow, StaffHeadcountRow, StaffMovementRow } from '../database/regional-database.types.ts';
import type { WorkPlan } from '../plans/plan.mapper.ts';

export const typeDefs = readFileSync(new URL('./staff.graphql', import.meta.url), 'utf8');

function toIsoDate(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10);
}

function toHeadcount(row: StaffHeadcountRow) {
  return {
    asOf: toIsoDate(row.as_of),
    dimension: row.dimension,
    category: row.category,
    count: row.count,
    provenance: row.source,
  };
}

function toStaffMovement(row: StaffMovementRow) {
  return {
    period: row.period,
    type: row.movement_type,
    count: row.count,
    counterpart: row.counterpart,
    provenance: row.source,
  };
}

function toOrganisationUnit(row: OrganisationUnitRow) {
  return { name: row.name, unitType: row.unit_type, parentName: row.parent_name, provenance: row.source };
}

export const resolvers = {
  WorkPlan: {
    staff: (plan: WorkPlan) => ({ planId: plan.id }),
    async organisationUnits(plan: WorkPlan, _args: unknown, context: RegionalContext) {
      const rows = await context.loaders.organisationUnitsByPlanId.load(plan.id);
      return rows.map(toOrganisationUnit);
    },
  },
  StaffFigures: {
    async headcounts(staff: { planId: number }, _args: unknown, context: RegionalContext) {
      return (await context.loaders.headcountsByPlanId.load(staff.planId)).map(toHeadcount);
    },
    async movements(staff: { planId: number }, _args: unknown, context: RegionalContext) {
      return (await context.loaders.movementsByPlanId.load(staff.planId)).map(toStaffMovement);
    },
  },
};
