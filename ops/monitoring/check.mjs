// Checks the Grafana dashboard and the alert rules against the metrics docs/DEPLOYMENT.md names, and writes the
// dashboard's queries as recording rules so that promtool can check their PromQL. Run by docker/validate.sh:
//   node ops/monitoring/check.mjs <queries-as-rules.yml>     exit status 1 on a problem
import { readFileSync, writeFileSync } from "node:fs";

const problems = [];
const guide = readFileSync("docs/DEPLOYMENT.md", "utf8");
const table = guide.slice(guide.indexOf("`GET /metrics` (Prometheus):"), guide.indexOf("Also alert on"));
const documented = new Set([...table.matchAll(/`([a-z][a-zA-Z0-9_]+)(?:\{[^`]*\})?`/g)].map(m => m[1]));
const dashboard = JSON.parse(readFileSync("ops/monitoring/grafana-dashboard.json", "utf8"));
const alerts = readFileSync("ops/monitoring/alerts.yml", "utf8");

const queries = [];
const ids = new Set();
for (const panel of dashboard.panels ?? []) {
    if (ids.has(panel.id)) problems.push(`dashboard: panel id ${panel.id} twice`);
    ids.add(panel.id);
    if (!panel.title || !panel.gridPos || !(panel.targets?.length > 0)) problems.push(`dashboard: panel ${panel.id} incomplete`);
    for (const target of panel.targets ?? []) queries.push({ panel: panel.title, expr: target.expr });
}
if (queries.length === 0) problems.push("dashboard: no queries");
if (!dashboard.templating?.list?.some(v => v.type === "datasource")) problems.push("dashboard: no datasource variable");

// A metric is a name followed by { or [ or a space in a query; the server's _count/_sum series of a documented
// timer, and Prometheus' own up, count as documented.
const metricsOf = expr => [...expr.matchAll(/\b([a-z][a-zA-Z0-9_]*)\s*[{[]/g)].map(m => m[1])
    .filter(name => !["rate", "increase", "sum", "max", "by", "and"].includes(name));
const known = name => name === "up" || documented.has(name) || documented.has(name.replace(/_(count|sum)$/, ""));
const used = new Set();
for (const { panel, expr } of queries) {
    for (const name of metricsOf(expr)) {
        used.add(name);
        if (!known(name)) problems.push(`dashboard "${panel}": ${name} is not a metric docs/DEPLOYMENT.md names`);
    }
}
for (const match of alerts.matchAll(/expr: (\|\n(?:\s{10}.*\n)+|.*)/g)) {
    for (const name of metricsOf(match[1])) {
        if (!known(name)) problems.push(`alerts.yml: ${name} is not a metric docs/DEPLOYMENT.md names`);
    }
}
for (const name of documented) {
    const shown = [...used].some(u => u === name || u.replace(/_(count|sum)$/, "") === name);
    if (name.startsWith("tabbi_") && !shown) problems.push(`dashboard: no panel shows ${name}`);
}

const rules = queries.map((q, i) => `      - record: dashboard_query_${i + 1}\n        expr: ${JSON.stringify(q.expr)}\n`).join("");
writeFileSync(process.argv[2], `groups:\n  - name: dashboard\n    rules:\n${rules}`);
for (const problem of problems) console.error(problem);
if (problems.length === 0) console.log(`valid ops/monitoring/grafana-dashboard.json: ${queries.length} queries`);
process.exit(problems.length === 0 ? 0 : 1);
