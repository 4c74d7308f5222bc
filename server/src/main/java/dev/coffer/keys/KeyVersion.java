package dev.coffer.keys;

import java.time.OffsetDateTime;

/**
 * One version of a keyring as the store has it, without key material.
 * @param version the version number, from 1
 * @param status its lifecycle status
 * @param createdAt when it was created
 * @param encryptions values encrypted under it so far
 * @param statusChangedAt when its status last changed, {@code null} if never
 */
public record KeyVersion(int version, KeyStatus status, OffsetDateTime createdAt, long encryptions,
		OffsetDateTime statusChangedAt) {
}
