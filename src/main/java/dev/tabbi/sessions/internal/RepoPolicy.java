package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.GitSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which repositories a session may clone. {@code owner/repo} means the GitHub of {@code sessions.repo.github-url};
 * a URL must be https, carry no credentials, query or fragment, name an allowed host, and that host must not resolve
 * to a loopback, private, link-local or otherwise internal address (so a session cannot make this server fetch
 * from its own network), unless {@code sessions.repo.allow-private-network} says an internal Git server is meant.
 */
@ApplicationScoped
public class RepoPolicy {
    private static final Pattern SHORTHAND = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
    private static final Pattern SKILL = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100})(?:@([A-Za-z0-9._/-]{1,100}))?");
    static final int MAX_URL = 500;
    static final int MAX_TOKEN = 1000;

    /** Resolves a host name to its addresses (a seam for tests: no DNS is needed to test the rules). */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @Inject
    @ConfigProperty(name = "sessions.repo.allowed-hosts", defaultValue = "github.com")
    String allowedHostList;

    @Inject
    @ConfigProperty(name = "sessions.repo.allow-private-network", defaultValue = "false")
    boolean allowPrivateNetwork;

    @Inject
    @ConfigProperty(name = "sessions.repo.github-url", defaultValue = "https://github.com")
    String githubUrl;

    private Set<String> allowedHosts;
    private Resolver resolver = InetAddress::getAllByName;

    public RepoPolicy() {
    }

    RepoPolicy(String allowedHosts, boolean allowPrivateNetwork, String githubUrl, Resolver resolver) {
        this.allowedHostList = allowedHosts;
        this.allowPrivateNetwork = allowPrivateNetwork;
        this.githubUrl = githubUrl;
        this.resolver = resolver;
        init();
    }

    @PostConstruct
    void init() {
        allowedHosts = Arrays.stream(allowedHostList.split(",")).map(h -> h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** The repository to clone for {@code repo} ({@code owner/repo} or a URL) with {@code token}; 400 when refused. */
    public GitSource repository(String repo, String token) {
        if (token != null && (token.isBlank() || token.length() > MAX_TOKEN || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw Refusal.invalid("gitToken: 1 to " + MAX_TOKEN + " visible ASCII characters");
        }
        String value = repo.strip();
        if (SHORTHAND.matcher(value).matches()) {
            return new GitSource(checked("repo", githubRepo(value)), null, token);
        }
        if (value.length() > MAX_URL) {
            throw Refusal.invalid("repo: at most " + MAX_URL + " characters");
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw Refusal.invalid("repo: \"owner/repo\" or an https URL of a repository");
        }
        return new GitSource(checked("repo", url), null, token);
    }

    /** The repository of a skill given as {@code owner/repo[@ref]} (on the configured GitHub). */
    public GitSource skill(String skill) {
        var match = skill == null ? null : SKILL.matcher(skill.strip());
        if (match == null || !match.matches()) {
            throw Refusal.invalid("skills: each is \"owner/repo\" or \"owner/repo@version\"");
        }
        return new GitSource(checked("skills", githubRepo(match.group(1))), match.group(2), null);
    }

    /** Whether the repository is on the configured GitHub (then the owner's GitHub token may clone it). */
    public boolean isOnGitHub(GitSource source) {
        return source.url().getHost().equalsIgnoreCase(URI.create(githubUrl).getHost());
    }

    private URI githubRepo(String ownerAndRepo) {
        String name = ownerAndRepo.endsWith(".git") ? ownerAndRepo : ownerAndRepo + ".git";
        return URI.create(githubUrl.replaceAll("/+$", "") + "/" + name);
    }

    private URI checked(String field, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null) {
            throw Refusal.invalid(field + ": \"owner/repo\" or an https URL of a repository");
        }
        if (!scheme.equals("https") && !(allowPrivateNetwork && scheme.equals("http"))) {
            throw Refusal.invalid(field + ": only https repository URLs are accepted");
        }
        if (url.getRawUserInfo() != null) {
            throw Refusal.invalid(field + ": no credentials in the URL; send the token as gitToken");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getPath() == null || url.getPath().length() < 2) {
            throw Refusal.invalid(field + ": the URL must name a repository, without query or fragment");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.contains(host)) {
            throw Refusal.invalid(field + ": repositories on " + host + " are not allowed here (allowed: "
                    + String.join(", ", allowedHosts.stream().sorted().toList()) + ")");
        }
        if (!allowPrivateNetwork) {
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                throw Refusal.invalid(field + ": the host " + host + " cannot be resolved");
            }
            if (addresses.length == 0 || List.of(addresses).stream().anyMatch(RepoPolicy::internal)) {
                throw Refusal.invalid(field + ": the host " + host + " resolves to an internal address");
            }
        }
        return url;
    }

    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) || first >= 240;
    }
}
