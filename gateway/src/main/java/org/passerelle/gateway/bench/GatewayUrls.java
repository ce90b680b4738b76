package org.passerelle.gateway.bench;

/** Where the bench's clients send their transactions, and the repository they retrieve from. */
public record GatewayUrls(String iti41, String iti18, String iti43, String repositoryUniqueId) {
}
