import express, { type Router } from 'express';
import { allowInlineStyleAttributes, cspNonceOf } from '../http/security-headers.ts';
import { ideBundle } from './ide-bundle.ts';

const DEFAULT_QUERY = `# Kanreg VI Medan 2021 beside Kanreg XII Pekanbaru 2024:
# one national indicator across regions and years, totals and budget lines.
query CompareMedan2021WithPekanbaru2024 {
  indicator(id: "IKU-09") {
    name
    values(regions: ["VI", "XII"], years: [2021, 2023, 2024]) {
      region { code city }
      year
      code
      target
      realisation
      targetRevisedFrom
      targetProvenance { document line printed }
    }
  }
  medan: region(code: "VI") {
    name
    plan(year: 2021) {
      totalBudget
      totalBudgetProvenance { location line printed }
      budgetLines(level: PROGRAM) { code name amount }
    }
  }
  pekanbaru: region(code: "XII") {
    name
    plan(year: 2024) {
      totalBudget
      budgetAllocations { amount indicatorCodes description }
    }
  }
}
`;

const COMPARE_INDICATOR_QUERY = `# Perbandingan indikator: the ASN Professionalism Index across all 14 regional offices,
# 2021–2024: achievement, rank and change per region-year (kind tells a document from
# synthetic demo data), the summary's statistics, and every missing cell and why.
# Add kinds: [DOCUMENT] to leave synthetic data out.
query CompareIndicatorWithSummary {
  compareIndicator(indicator: "IKU-09", years: [2021, 2022, 2023, 2024]) {
    indicator { name unit higherIsBetter }
    rows {
      region { code city }
      year
      code
      kind
      target
      realisation
      achievement
      gapToTarget
      rank
      rankedAmong
      targetChange
      realisationChange
      linkedBudget
      missing
    }
    summary {
      target { count min max mean median }
      realisation { count min max mean median }
      achievement { count min max mean median }
      byYear { year achievement { count mean median } }
      missing { region { code } year reason }
    }
  }
}
`;

const COMPARE_BUDGET_QUERY = `# Perbandingan anggaran at RO (rincian output) level: salaries and operations of Medan,
# Pekanbaru and Yogyakarta, pagu against realisasi, share of each region's total, and the
# spending-type split (belanja pegawai / operasional / non-operasional) side by side.
query CompareBudgetAtRoLevel {
  compareBudget(
    level: RO
    codes: ["4843.EAA.002", "4843.EAA.003"]
    regions: ["VI", "XII", "I"]
    years: [2021, 2024]
  ) {
    items { code name nomenclature validFrom validTo }
    rows {
      region { code city }
      year
      code
      name
      kind
      amount
      realisedAmount
      absorption
      shareOfRegionTotal
      amountChange
      missing
    }
    spending {
      region { code city }
      year
      kind
      totalBudget
      pegawai
      operasional
      nonOperasional
      pegawaiShare
      operasionalShare
      nonOperasionalShare
      totalChange
      missing
    }
    summary {
      totals { code year total amount { count min max mean median } }
      missing { region { code } year code reason }
    }
  }
}
`;

const COMPARE_STAFF_QUERY = `# Perbandingan pegawai: headcount, its composition by every dimension the plan gives
# (position, rank grade, education, …) and staff movements, per region and year.
query CompareStaff {
  compareStaff(regions: ["VI", "XII"], years: [2021, 2024]) {
    region { code city }
    year
    kind
    headcount
    staff {
      headcounts { asOf dimension category count }
      movements { period type count counterpart }
    }
  }
}
`;

const PLAN_REVISIONS_QUERY = `# Riwayat revisi: every revision of Pekanbaru's 2024 plan, what changed in each
# (Renja perubahan), and the indicator targets revised inside the document.
query PlanRevisionsAndChanges {
  region(code: "XII") {
    name
    plan(year: 2024) {
      revision
      current
      loadedAt
      document { file title }
      revisions {
        revision
        current
        loadedAt
        supersededAt
        changes { item field before after }
      }
      indicatorTargets {
        code
        name
        target
        targetRevision { previousTarget reason provenance { line printed } }
      }
    }
  }
}
`;

const REALISATIONS_QUERY = `# Realisasi dan penyerapan: quarterly realisations of Medan's indicators and budget
# lines, and the absorption (realisasi ÷ pagu) of each RO.
query RealisationsAndAbsorption {
  region(code: "VI") {
    name
    plan(year: 2024) {
      kind
      indicatorTargets {
        code
        name
        target
        realisation
        realisations { period value provenance { kind document line } }
      }
      budgetLines(level: RO) {
        code
        name
        amount
        realisedAmount
        absorption
        realisations { period amount }
      }
    }
  }
}
`;

/**
 * The analysts' queries the IDE opens as tabs, the default first. Only on a first visit: after that
 * GraphiQL restores the user's own tabs from localStorage.
 */
export const IDE_EXAMPLE_QUERIES: readonly string[] = [
  DEFAULT_QUERY,
  COMPARE_INDICATOR_QUERY,
  COMPARE_BUDGET_QUERY,
  COMPARE_STAFF_QUERY,
  PLAN_REVISIONS_QUERY,
  REALISATIONS_QUERY,
];

/** JSON inside a <script type="application/json">: "<" escaped, so that no text in it can close the element. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The IDE's page: no inline script or style (the CSP allows only the gateway's own files); its settings
 * travel as a JSON data block that browser/ide.tsx reads, with the answer's nonce for the <style> elements
 * its libraries add.
 */
function page(graphqlPath: string, styleNonce: string | undefined): string {
  const config = {
    graphqlPath,
    styleNonce,
    defaultQuery: DEFAULT_QUERY,
    defaultTabs: IDE_EXAMPLE_QUERIES.map((query) => ({ query })),
  };
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>BKN work plans: GraphQL IDE</title>
  <link rel="stylesheet" href="graphiql/ide.css">
</head>
<body>
  <form id="credential-form" class="credential-bar" aria-label="Credentials">
    <label for="credential">Token or API key</label>
    <input id="credential" type="password" autocomplete="off" spellcheck="false"
      placeholder="JWT or bkn_… key, kept in this tab only">
    <button type="submit">Use</button>
    <button type="button" id="credential-forget">Forget</button>
    <span id="credential-status" class="status" role="status" aria-live="polite"></span>
  </form>
  <div id="graphiql">Loading the GraphQL IDE…</div>
  <script type="application/json" id="graphiql-config">${scriptSafeJson(config)}</script>
  <script type="module" src="graphiql/ide.js"></script>
</body>
</html>`;
}

/** GET / → the IDE; GET /graphiql/* → its bundle (script, styles, Monaco's workers, font). */
export function createGraphiQLRouter(graphqlPath = 'graphql'): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    // The page's first visit starts the bundle (under tsx) while the browser parses the page.
    ideBundle.warm();
    allowInlineStyleAttributes(res);
    // Built per answer: each carries its own CSP nonce.
    res.type('html').send(page(graphqlPath, cspNonceOf(res)));
  });
  router.get('/favicon.ico', (_req, res) => void res.status(204).end());
  router.use('/graphiql', ideBundle.serve());
  return router;
}
