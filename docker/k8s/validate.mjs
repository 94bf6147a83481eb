// Validates Kubernetes manifests against Kubernetes' own schemas (npm kubernetes-models), without a cluster.
// Run by docker/validate.sh: node validate.mjs <file.yaml>…  Exit status 1 when a document is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let failures = 0;
for (const file of process.argv.slice(2)) {
    for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
        if (document.errors.length > 0) {
            console.error(`${file}: not YAML: ${document.errors[0].message}`);
            failures++;
            continue;
        }
        const manifest = document.toJS();
        if (!manifest) {
            continue;
        }
        const where = `${file}: ${manifest.kind}/${manifest.metadata?.name}`;
        try {
            const models = await import(`kubernetes-models/${manifest.apiVersion}`);
            const Model = models[manifest.kind];
            if (!Model) {
                throw new Error(`no kind ${manifest.kind} in ${manifest.apiVersion}`);
            }
            new Model(manifest).validate();
            console.log(`valid ${where}`);
        } catch (error) {
            console.error(`invalid ${where}: ${error.message}`);
            failures++;
        }
    }
}
process.exit(failures === 0 ? 0 : 1);
