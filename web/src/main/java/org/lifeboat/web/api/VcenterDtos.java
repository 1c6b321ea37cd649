package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.lifeboat.discovery.DiscoveredHost;
import org.lifeboat.discovery.PresentedCertificate;
import org.lifeboat.discovery.Vcenter;
import org.lifeboat.discovery.VcenterSpec;

/** The vCenter API's bodies. The password goes in only: no answer carries it. */
public final class VcenterDtos {

    private VcenterDtos() {
    }

    /**
     * PUT body. A new vCenter (or a new host or port) says which certificate to trust: {@code
     * certificate} (PEM), {@code certificateFingerprint} (SHA-256), or {@code trustOnFirstUse}.
     */
    @Schema(description = "A vCenter to add or change; the password is never returned")
    public record Put(String host, Integer port, String user, String password,
                      @Schema(description = "PEM of the vCenter's certificate or of the CA that signed it")
                      String certificate,
                      @Schema(description = "SHA-256 of the vCenter's certificate (64 hex digits, ':' allowed) to pin")
                      String certificateFingerprint,
                      @Schema(description = "true: accept and pin the certificate the first discovery sees")
                      Boolean trustOnFirstUse) {
        VcenterSpec toSpec() {
            return new VcenterSpec(host, port, user, password, certificate, certificateFingerprint,
                    Boolean.TRUE.equals(trustOnFirstUse));
        }

        @Override
        public String toString() {
            return "Put[" + user + "@" + host + ":" + port + "]";
        }
    }

    @Schema(description = "How the vCenter certificate is trusted: Supplied, Pinned, PinnedOnFirstUse or PinOnFirstUse")

    public record CertificateDto(String trust, String pinnedFingerprint) {
    }

    @Schema(description = "The last discovery job of a vCenter")

    public record DiscoveryDto(String state, String jobId, Instant startedAt, Instant endedAt, String error) {
    }

    @Schema(description = "An ESXi host")

    public record HostDto(String datacenter, String name, String moref) {
    }

    @Schema(description = "A vCenter, without its password")

    public record VcenterDto(String fabric, String name, String host, int port, String user, CertificateDto certificate,
                             Instant addedAt, DiscoveryDto lastDiscovery, List<String> datacenters, List<HostDto> hosts,
                             long vmCount) {

        public static VcenterDto of(Vcenter v, List<DiscoveredHost> hosts, long vmCount) {
            String trust = v.certificateTrustLabel();
            return new VcenterDto(v.getFabric(), v.getName(), v.getHost(), v.getPort(), v.getUserName(),
                    new CertificateDto(trust, v.getPinnedFingerprint()), v.getAddedAt(),
                    v.getDiscoveryState() == null ? null : new DiscoveryDto(JobDto.name(v.getDiscoveryState()),
                            v.getDiscoveryJobId(), v.getDiscoveryStartedAt(), v.getDiscoveryEndedAt(),
                            v.getDiscoveryError()),
                    List.copyOf(v.getDatacenters()), hosts.stream().map(h -> new HostDto(h.getDatacenter(), h.getName(),
                    h.getMoref())).toList(), vmCount);
        }
    }

    @Schema(description = "Where to fetch a vCenter's certificate from (port: 443 if left out)")
    public record CertificateRequest(String host, Integer port) {
    }

    @Schema(description = "The certificate a vCenter presents, not trusted: pin it with certificateFingerprint")
    public record PresentedCertificateDto(String host, int port, String sha256Fingerprint, String subject,
                                          String issuer, Instant notBefore, Instant notAfter, boolean selfSigned) {
        public static PresentedCertificateDto of(PresentedCertificate c) {
            return new PresentedCertificateDto(c.host(), c.port(), c.sha256Fingerprint(), c.subject(), c.issuer(),
                    c.notBefore(), c.notAfter(), c.selfSigned());
        }
    }
}
