package dev.coffer.tokenization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code token_formats} and {@code token_format_builtins} tables. */
@Component
class TokenFormatStore {

	private static final String COLUMNS = """
			id, name, description, alphabet_name, alphabet, min_length, max_length, preserve_prefix, preserve_suffix,
			separators, luhn, token_mode, detokenize_requires_reason, created_at, created_by, updated_at, updated_by""";

	private final JdbcClient jdbc;

	TokenFormatStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Every custom format, oldest first. */
	List<TokenFormatDefinition> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM token_formats ORDER BY id").query(TokenFormatStore::definition).list();
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM token_formats").query(Long.class).single();
	}

	Optional<TokenFormatDefinition> find(String name) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM token_formats WHERE name = :name")
			.param("name", name)
			.query(TokenFormatStore::definition)
			.optional();
	}

	/** The salt of an FPE format's key derivation; a copy the caller wipes. */
	Optional<byte[]> fpeSalt(String id) {
		return this.jdbc.sql("SELECT fpe_salt FROM token_formats WHERE id = :id AND fpe_salt IS NOT NULL")
			.param("id", id)
			.query(byte[].class)
			.optional();
	}

	/** Inserts a new format; {@code false} when the name is taken. */
	boolean insert(TokenFormatDefinition d, byte[] fpeSalt) {
		return this.jdbc.sql("""
				INSERT INTO token_formats (id, name, description, alphabet_name, alphabet, min_length, max_length,
				    preserve_prefix, preserve_suffix, separators, luhn, token_mode, fpe_salt, detokenize_requires_reason,
				    created_at, created_by, updated_at, updated_by)
				VALUES (:id, :name, :description, :alphabetName, :alphabet, :minLength, :maxLength, :prefix, :suffix,
				    :separators, :luhn, :mode, :salt, :reason, :createdAt, :createdBy, :createdAt, :createdBy)
				ON CONFLICT DO NOTHING""")
			.param("id", d.id())
			.param("name", d.name())
			.param("description", d.description(), Types.VARCHAR)
			.param("alphabetName", d.alphabetName(), Types.VARCHAR)
			.param("alphabet", d.alphabet())
			.param("minLength", d.minLength())
			.param("maxLength", d.maxLength())
			.param("prefix", d.preservePrefix())
			.param("suffix", d.preserveSuffix())
			.param("separators", d.separators())
			.param("luhn", d.luhn())
			.param("mode", d.mode().value())
			.param("salt", fpeSalt, Types.BINARY)
			.param("reason", d.detokenizeRequiresReason())
			.param("createdAt", d.createdAt())
			.param("createdBy", d.createdBy(), Types.VARCHAR)
			.update() == 1;
	}

	/** Changes what may change after creation; {@code false} when the format is gone. */
	boolean update(String name, String description, boolean requiresReason, OffsetDateTime now, String actor) {
		return this.jdbc.sql("""
				UPDATE token_formats SET description = :description, detokenize_requires_reason = :reason,
				    updated_at = :now, updated_by = :actor
				WHERE name = :name""")
			.param("description", description, Types.VARCHAR)
			.param("reason", requiresReason)
			.param("now", now)
			.param("actor", actor)
			.param("name", name)
			.update() == 1;
	}

	boolean delete(String name) {
		return this.jdbc.sql("DELETE FROM token_formats WHERE name = :name").param("name", name).update() == 1;
	}

	/**
	 * Whether the vault holds any token of {@code format}, expired ones included. Without an index on
	 * the format (it would slow every insert) this scans until the first match: fine for a deletion.
	 */
	boolean vaultHoldsTokens(String format) {
		return !this.jdbc.sql("SELECT token FROM vault_tokens WHERE format = :format FETCH FIRST 1 ROWS ONLY")
			.param("format", format)
			.query(String.class)
			.list()
			.isEmpty();
	}

	/** The built-in formats whose settings were changed, by name. */
	Map<String, BuiltinSettings> builtins() {
		Map<String, BuiltinSettings> found = new HashMap<>();
		this.jdbc.sql("SELECT name, detokenize_requires_reason, updated_at, updated_by FROM token_format_builtins")
			.query((rs, n) -> found.put(rs.getString(1), new BuiltinSettings(rs.getBoolean(2),
					rs.getObject(3, OffsetDateTime.class), rs.getString(4))))
			.list();
		return found;
	}

	void saveBuiltin(String name, boolean requiresReason, OffsetDateTime now, String actor) {
		int updated = this.jdbc.sql("""
				UPDATE token_format_builtins SET detokenize_requires_reason = :reason, updated_at = :now, updated_by = :actor
				WHERE name = :name""")
			.param("reason", requiresReason)
			.param("now", now)
			.param("actor", actor)
			.param("name", name)
			.update();
		if (updated == 0) {
			int inserted = this.jdbc.sql("""
					INSERT INTO token_format_builtins (name, detokenize_requires_reason, updated_at, updated_by)
					VALUES (:name, :reason, :now, :actor) ON CONFLICT DO NOTHING""")
				.param("name", name)
				.param("reason", requiresReason)
				.param("now", now)
				.param("actor", actor)
				.update();
			if (inserted == 0) {
				saveBuiltin(name, requiresReason, now, actor);
			}
		}
	}

	/** What was set on a built-in format, and when. */
	record BuiltinSettings(boolean detokenizeRequiresReason, OffsetDateTime updatedAt, String updatedBy) {
	}

	private static TokenFormatDefinition definition(ResultSet rs, int n) throws SQLException {
		return new TokenFormatDefinition(rs.getString("id"), rs.getString("name"), rs.getString("description"),
				rs.getString("alphabet_name"), rs.getString("alphabet"), rs.getInt("min_length"), rs.getInt("max_length"),
				rs.getInt("preserve_prefix"), rs.getInt("preserve_suffix"), rs.getString("separators"),
				rs.getBoolean("luhn"), TokenFormatDefinition.Mode.fromValue(rs.getString("token_mode")).orElseThrow(),
				rs.getBoolean("detokenize_requires_reason"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getString("created_by"), rs.getObject("updated_at", OffsetDateTime.class), rs.getString("updated_by"));
	}
}
