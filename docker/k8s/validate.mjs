// Validates Kubernetes manifests against Kubernetes' own schemas (npm kubernetes-models, and the Prometheus
// Operator's for its kinds), without a cluster, and checks that every pod template meets the "restricted" Pod
// Security Standard that namespace.yaml enforces (what a schema cannot say).
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
            const models = await import(manifest.apiVersion.startsWith("monitoring.coreos.com/")
                ? `@kubernetes-models/prometheus-operator/${manifest.apiVersion}`
                : `kubernetes-models/${manifest.apiVersion}`);
            const Model = models[manifest.kind];
            if (!Model) {
                throw new Error(`no kind ${manifest.kind} in ${manifest.apiVersion}`);
            }
            new Model(manifest).validate();
            const pod = manifest.spec?.template?.spec ?? manifest.spec?.jobTemplate?.spec?.template?.spec;
            if (pod) {
                const violations = restrictedViolations(pod);
                if (violations.length > 0) {
                    throw new Error(`not "restricted": ${violations.join("; ")}`);
                }
                console.log(`restricted ${where}`);
            }
            console.log(`valid ${where}`);
        } catch (error) {
            console.error(`invalid ${where}: ${error.message}`);
            failures++;
        }
    }
}
process.exit(failures === 0 ? 0 : 1);

// The "restricted" Pod Security Standard's rules (kubernetes.io/docs/concepts/security/pod-security-standards).
function restrictedViolations(pod) {
    const violations = [];
    const podContext = pod.securityContext ?? {};
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) {
        violations.push("host namespaces");
    }
    for (const volume of pod.volumes ?? []) {
        const allowed = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
            "projected", "secret"];
        if (!Object.keys(volume).filter(k => k !== "name").every(k => allowed.includes(k))) {
            violations.push(`volume ${volume.name} of a forbidden type`);
        }
    }
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const context = container.securityContext ?? {};
        const name = `container ${container.name}`;
        if (context.privileged) {
            violations.push(`${name} is privileged`);
        }
        if (context.allowPrivilegeEscalation !== false) {
            violations.push(`${name} must set allowPrivilegeEscalation: false`);
        }
        if (!(context.capabilities?.drop ?? []).includes("ALL")) {
            violations.push(`${name} must drop ALL capabilities`);
        }
        const added = (context.capabilities?.add ?? []).filter(c => c !== "NET_BIND_SERVICE");
        if (added.length > 0) {
            violations.push(`${name} adds ${added.join(",")}`);
        }
        if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) {
            violations.push(`${name} must run as non-root`);
        }
        if ((context.runAsUser ?? podContext.runAsUser) === 0) {
            violations.push(`${name} runs as uid 0`);
        }
        const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type;
        if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
            violations.push(`${name} needs seccompProfile RuntimeDefault or Localhost`);
        }
        if ((container.ports ?? []).some(port => port.hostPort)) {
            violations.push(`${name} uses a host port`);
        }
    }
    return violations;
}
