package dev.coffer.api.security;

/** Published when a caller is refused for lacking {@code permission}; the audit log records it. */
public record AccessDenied(String permission, String method, String path) {
}
