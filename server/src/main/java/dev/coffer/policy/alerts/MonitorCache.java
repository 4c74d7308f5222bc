package dev.coffer.policy.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Role;

/**
 * This node's copy of the enabled rules and of the blocked principals, each read from the store
 * at most once per {@code coffer.alerts.cache-ttl} (default 2 s; 0 reads on every use). A change
 * made on this node drops the copy at once; other nodes see it when their copy expires.
 */
@Component
class MonitorCache {

	private final Snapshot<Rules> rules;

	private final Snapshot<Map<String, String>> blocked;

	MonitorCache(RuleStore ruleStore, AlertStore alertStore,
			@Value("${coffer.alerts.cache-ttl:2s}") Duration ttl) {
		this.rules = new Snapshot<>(() -> Rules.of(ruleStore.enabled()), ttl);
		this.blocked = new Snapshot<>(alertStore::blocking, ttl);
	}

	/** The enabled rules that watch {@code caller}; no SQL while the copy is fresh. */
	List<Rule> rulesFor(Caller caller) {
		return this.rules.get().matching(caller);
	}

	/** The alert blocking {@code principal} (a reference), or {@code null}. */
	String blockingAlert(String principal) {
		return this.blocked.get().get(principal);
	}

	void rulesChanged() {
		this.rules.invalidate();
	}

	void blocksChanged() {
		this.blocked.invalidate();
	}

	/** The enabled rules indexed by target. */
	record Rules(Map<String, List<Rule>> byPrincipal, Map<String, List<Rule>> byRole) {

		static Rules of(List<Rule> enabled) {
			Map<String, List<Rule>> byPrincipal = new HashMap<>();
			Map<String, List<Rule>> byRole = new HashMap<>();
			for (Rule rule : enabled) {
				if (rule.principalId() != null) {
					byPrincipal.computeIfAbsent(rule.principalId(), id -> new ArrayList<>()).add(rule);
				}
				else {
					byRole.computeIfAbsent(rule.role(), role -> new ArrayList<>()).add(rule);
				}
			}
			return new Rules(byPrincipal, byRole);
		}

		/**
		 * The rules that watch {@code caller}: by its principal id, or by any role it carries. Roles
		 * match by name, so data roles fit once callers carry them (and {@link RuleService#knownRole}
		 * accepts them).
		 */
		List<Rule> matching(Caller caller) {
			List<Rule> own = this.byPrincipal.getOrDefault(caller.principalId(), List.of());
			if (this.byRole.isEmpty()) {
				return own;
			}
			List<Rule> all = new ArrayList<>(own);
			for (Role role : caller.roles()) {
				all.addAll(this.byRole.getOrDefault(role.value(), List.of()));
			}
			return all;
		}
	}

	/** A value reloaded when older than the time to live; one thread reloads, the others wait for it. */
	static final class Snapshot<T> {

		private final Supplier<T> loader;

		private final long ttlNanos;

		private final Object lock = new Object();

		private volatile Loaded<T> current;

		/** Raised by every invalidation, so a load that overlapped a change is not kept as fresh. */
		private volatile long generation;

		Snapshot(Supplier<T> loader, Duration ttl) {
			this.loader = loader;
			this.ttlNanos = ttl.toNanos();
		}

		T get() {
			Loaded<T> loaded = this.current;
			if (loaded != null && System.nanoTime() - loaded.at() < this.ttlNanos) {
				return loaded.value();
			}
			synchronized (this.lock) {
				loaded = this.current;
				if (loaded == null || System.nanoTime() - loaded.at() >= this.ttlNanos) {
					long generation = this.generation;
					long at = System.nanoTime();
					loaded = new Loaded<>(this.loader.get(), at);
					this.current = generation == this.generation ? loaded : null;
				}
				return loaded.value();
			}
		}

		void invalidate() {
			this.generation++;
			this.current = null;
		}

		private record Loaded<T>(T value, long at) {
		}
	}
}
