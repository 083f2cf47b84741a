/**
 * The containers' HEALTHCHECK: `node scripts/healthcheck.mjs /ready` asks this process's own probe on
 * 127.0.0.1:$PORT and exits 0 on a 2xx answer, 1 otherwise. A regional process serving several regions
 * (REGIONS=I,II,…) listens on PORT and the ports after it, one per region: every one must answer.
 * Node instead of curl: the slim image has neither curl nor wget. Plain JavaScript: no build needed.
 */
const path = process.argv[2] ?? '/ready';
const firstPort = Number(process.env.PORT || 4000);
const regions = (process.env.REGIONS ?? '').split(',').filter((part) => part.trim() !== '').length;
const ports = Array.from({ length: Math.max(1, regions) }, (_, index) => firstPort + index);

const answers = await Promise.all(
  ports.map((port) =>
    fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_500) }).then(
      (response) => (response.ok ? undefined : `port ${port}: HTTP ${response.status}`),
      (error) => `port ${port}: ${error.message}`,
    ),
  ),
);
const failures = answers.filter(Boolean);
if (failures.length > 0) {
  process.stderr.write(`${path} not ready: ${failures.join('; ')}\n`);
  process.exit(1);
}
