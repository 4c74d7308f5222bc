package dev.coffer.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The text-level checks: statement ends outside literals and comments, the leading keyword, the literal-free fingerprint. */
class SqlTextTest {

	@Test
	void aSemicolonCountsOnlyOutsideLiteralsQuotedNamesAndComments() {
		assertThat(SqlText.hasSeveralStatements("SELECT 1;")).isFalse();
		assertThat(SqlText.hasSeveralStatements("SELECT 1; -- done\n /* really */ ;")).isFalse();
		assertThat(SqlText.hasSeveralStatements("SELECT ';' AS \"a;b\", `c;d`, $$e;f$$ FROM t -- ; DROP\n")).isFalse();
		assertThat(SqlText.hasSeveralStatements("SELECT 1; DROP TABLE t")).isTrue();
		assertThat(SqlText.hasSeveralStatements("SELECT 'it''s'; DELETE FROM t")).isTrue();
		assertThat(SqlText.hasSeveralStatements("SELECT 1 /* ; */; SELECT 2")).isTrue();
	}

	@Test
	void theLeadingKeywordSkipsBlanksCommentsAndParentheses() {
		assertThat(SqlText.leadingKeyword("  /* x */ -- y\n ((select 1))")).isEqualTo("select");
		assertThat(SqlText.leadingKeyword("\n\tDELETE FROM t")).isEqualTo("delete");
		assertThat(SqlText.NOT_READ_ONLY).contains("copy", "call", "set", "explain", "lock", "grant");
	}

	@Test
	void queriesThatDifferOnlyInLiteralsShareAFingerprintThatHoldsNoLiteral() {
		String a = SqlText.fingerprint("SELECT id FROM t WHERE name = 'Jane Doe' AND age > 41");
		String b = SqlText.fingerprint("select  id from t\nwhere name = 'John Roe' and age > 7 -- note");
		assertThat(a).isEqualTo(b).hasSize(64).matches("[0-9a-f]+");
		assertThat(SqlText.fingerprint("SELECT id FROM t2")).isNotEqualTo(SqlText.fingerprint("SELECT id FROM t3"));
	}

	@Test
	void aRewrittenStatementWithCommentsOrLooseQuotesIsFlagged() {
		assertThat(SqlText.hasHiddenParts("SELECT 'a--b', \"c/*d\", 'e\\' FROM t WHERE x = 'it''s'")).isFalse();
		assertThat(SqlText.hasHiddenParts("SELECT 1 --1")).isTrue();
		assertThat(SqlText.hasHiddenParts("SELECT 1 /* x */")).isTrue();
		assertThat(SqlText.hasHiddenParts("SELECT 1 # x")).isTrue();
		assertThat(SqlText.hasHiddenParts("SELECT $$x$$")).isTrue();
		assertThat(SqlText.hasHiddenParts("SELECT 'open")).isTrue();
		assertThat(SqlText.hasHiddenParts("SELECT 1; SELECT 2")).isTrue();
		assertThat(SqlText.hasHiddenParts("SELECT {fn lower(x)} FROM t")).as("a JDBC escape the driver rewrites").isTrue();
		assertThat(SqlText.hasHiddenParts("SELECT '{fn x}', \"{d}\" FROM t")).isFalse();
	}

	@Test
	void whatMariaDbReadsOtherwiseThanAsACommentIsFoundOutsideQuotesOnly() {
		assertThat(SqlText.mariaDbAmbiguousComment("SELECT 1--1")).contains("--");
		assertThat(SqlText.mariaDbAmbiguousComment("SELECT 1 /*! +1 */")).contains("versioned");
		assertThat(SqlText.mariaDbAmbiguousComment("SELECT 1 /*M!100000 +1 */")).contains("versioned");
		assertThat(SqlText.mariaDbAmbiguousComment("SELECT 1 -- fine\n, 2 --\tfine too\n /* fine */ # fine")).isNull();
		assertThat(SqlText.mariaDbAmbiguousComment("SELECT '1--1', \"a/*!b\", `c--d` -- x--y /*!\n")).isNull();
		assertThat(SqlText.mariaDbAmbiguousComment("SELECT 1 /* x */--1")).contains("--");
		assertThat(SqlText.mariaDbAmbiguousComment("SELECT $a$--1")).as("'$' is no quote on MariaDB").contains("--");
	}

	@Test
	void formatWidthsAreLiteralsWithinBounds() {
		assertThat(SelectParser.formatWidthsBounded("%s, %I, %L, %%, %1$s, %-10s, %10000s")).isTrue();
		assertThat(SelectParser.formatWidthsBounded("%10001s")).isFalse();
		assertThat(SelectParser.formatWidthsBounded("%*s")).isFalse();
		assertThat(SelectParser.formatWidthsBounded("%1$-*2$s")).isFalse();
		assertThat(SelectParser.formatWidthsBounded("%2$999999999999s")).isFalse();
	}
}
