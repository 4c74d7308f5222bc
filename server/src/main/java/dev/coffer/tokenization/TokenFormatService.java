package dev.coffer.tokenization;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Creates, lists, changes and deletes token formats; every change is audited in its transaction
 * (fail closed) and drops this node's cached formats at once.
 */
@Service
class TokenFormatService {

	/** Most custom formats one Coffer holds: the hot path keeps them all in memory. */
	static final int MAX_CUSTOM_FORMATS = 1000;

	static final int FPE_SALT_LENGTH = 16;

	private final TokenFormatStore store;

	private final TokenFormatRegistry registry;

	private final Settings settings;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final SecureRandom random = new SecureRandom();

	TokenFormatService(TokenFormatStore store, TokenFormatRegistry registry, Settings settings, AuditLog audit,
			TransactionTemplate transactions) {
		this.store = store;
		this.registry = registry;
		this.settings = settings;
		this.audit = audit;
		this.transactions = transactions;
	}

	TokenFormatView create(Map<String, Object> body, String actor) {
		TokenFormatDefinition definition = TokenFormatRequests.create(body,
				this.settings.getLong(SettingKey.TOKEN_FORMATS_MIN_TOKEN_SPACE), Ids.next(), Times.now(), actor);
		byte[] salt = null;
		if (definition.mode() == TokenFormatDefinition.Mode.FPE) {
			salt = new byte[FPE_SALT_LENGTH];
			this.random.nextBytes(salt);
		}
		byte[] fpeSalt = salt;
		try {
			this.transactions.executeWithoutResult(status -> {
				if (this.store.count() >= MAX_CUSTOM_FORMATS) {
					throw new ApiException(ErrorCode.CONFLICT, "At most " + MAX_CUSTOM_FORMATS
							+ " custom token formats can exist; delete unused ones first");
				}
				if (!this.store.insert(definition, fpeSalt)) {
					throw new ApiException(ErrorCode.NAME_TAKEN, "A token format named '" + definition.name() + "' exists");
				}
				this.audit.record(AuditRecord.sensitive("token_format.created", "token_format", definition.name(),
						AuditRecord.Outcome.SUCCESS)
					.with("mode", definition.mode().value())
					.with("detokenize_requires_reason", definition.detokenizeRequiresReason()));
			});
		}
		finally {
			if (salt != null) {
				Arrays.fill(salt, (byte) 0);
			}
		}
		this.registry.invalidate();
		return get(definition.name());
	}

	/** A format by name, built-in or custom. */
	TokenFormatView get(String name) {
		if (name != null) {
			for (TokenFormatView builtin : TokenFormatView.BUILTINS) {
				if (builtin.name().equals(name)) {
					return builtin.withSettings(this.store.builtins().get(name));
				}
			}
		}
		if (name == null || !TokenFormatRequests.NAME.matcher(name).matches()) {
			throw new ApiException(ErrorCode.NOT_FOUND, "No token format has this name; GET /api/v1/token-formats lists them");
		}
		return this.store.find(name).map(TokenFormatView::of).orElseThrow(() -> ApiException.notFound("Token format", name));
	}

	/**
	 * Built-in formats first, in their documented order, then custom ones oldest first. Built-ins
	 * get fixed ids below any UUIDv7, so both paginations treat the list as one id-ordered table.
	 */
	ListResponse<TokenFormatView> list(Paging paging, HttpServletResponse response) {
		paging.validated();
		List<TokenFormatView> all = new ArrayList<>();
		Map<String, String> ids = new HashMap<>();
		Map<String, TokenFormatStore.BuiltinSettings> builtins = this.store.builtins();
		for (int i = 0; i < TokenFormatView.BUILTINS.size(); i++) {
			TokenFormatView builtin = TokenFormatView.BUILTINS.get(i);
			all.add(builtin.withSettings(builtins.get(builtin.name())));
			ids.put(builtin.name(), String.format("00000000-0000-0000-0000-%012d", i + 1));
		}
		for (TokenFormatDefinition definition : this.store.all()) {
			all.add(TokenFormatView.of(definition));
			ids.put(definition.name(), definition.id());
		}
		return Pages.of(paging, () -> page(all, ids, paging), view -> ids.get(view.name()), () -> all.size(), response);
	}

	private static List<TokenFormatView> page(List<TokenFormatView> all, Map<String, String> ids, Paging paging) {
		if (paging.pageStyle()) {
			int from = (int) Math.min(all.size(), paging.offset());
			return new ArrayList<>(all.subList(from, Math.min(all.size(), from + paging.size())));
		}
		String after = paging.afterId();
		List<TokenFormatView> rows = new ArrayList<>();
		for (TokenFormatView view : all) {
			if ((after == null || ids.get(view.name()).compareTo(after) > 0) && rows.size() <= paging.size()) {
				rows.add(view);
			}
		}
		return rows;
	}

	/** Changes the description and the reason requirement; nothing that shapes tokens. */
	TokenFormatView update(String name, Map<String, Object> body, String actor) {
		TokenFormatView current = get(name);
		TokenFormatRequests.Update update = TokenFormatRequests.update(body, current.builtin());
		boolean reason = update.detokenizeRequiresReason() != null ? update.detokenizeRequiresReason()
				: current.detokenizeRequiresReason();
		String description = update.clearDescription() ? null
				: update.description() != null ? update.description() : current.description();
		OffsetDateTime now = Times.now();
		this.transactions.executeWithoutResult(status -> {
			if (current.builtin()) {
				this.store.saveBuiltin(name, reason, now, actor);
			}
			else if (!this.store.update(name, description, reason, now, actor)) {
				throw ApiException.notFound("Token format", name);
			}
			this.audit.record(AuditRecord.sensitive("token_format.updated", "token_format", name, AuditRecord.Outcome.SUCCESS)
				.with("fields", body.keySet().stream().sorted().toList())
				.with("detokenize_requires_reason", reason));
		});
		this.registry.invalidate();
		return get(name);
	}

	/**
	 * Deletes a custom format. A vaulted one is refused while the vault holds its tokens
	 * ({@code format_in_use}); an FPE one needs {@code confirm} equal to its name, because its key
	 * goes with it and no token ever issued in it can be reversed again.
	 */
	void delete(String name, String confirm) {
		TokenFormatView current = get(name);
		if (current.builtin()) {
			throw new ApiException(ErrorCode.CONFLICT, "Built-in format '" + name + "' cannot be deleted");
		}
		if (current.vaultless() && !name.equals(confirm)) {
			throw ValidationFailedException.of("confirm", "confirmation_required", "must repeat the format's name: deleting "
					+ "FPE format '" + name + "' destroys its key, so no token ever issued in it can be detokenized again");
		}
		this.transactions.executeWithoutResult(status -> {
			if (!current.vaultless() && this.store.vaultHoldsTokens(name)) {
				throw new ApiException(ErrorCode.FORMAT_IN_USE, "The vault holds tokens of format '" + name
						+ "'; delete or purge them first");
			}
			if (!this.store.delete(name)) {
				throw ApiException.notFound("Token format", name);
			}
			this.audit.record(AuditRecord.sensitive("token_format.deleted", "token_format", name, AuditRecord.Outcome.SUCCESS)
				.with("mode", current.mode()));
		});
		this.registry.invalidate();
	}
}
