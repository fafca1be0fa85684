package io.consumidor.scorecard;

import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.core.payload.ReportedFacts;
import io.consumidor.core.wire.Feed;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A characteristic without a source cannot exist: each one names where its value comes from, and that place
 * must be one the contracts define and the pipeline fills. (The recent-bureau-queries characteristic used to
 * read {@code activity.bureauQueries90d}, which nothing wrote: every consumer got its missing points.)
 */
class CharacteristicSourcesTest {

    private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

    /** A profile with every group and field of the contract filled, written and read back through its codec. */
    private static Document completeDocument() {
        String subject = TestProfiles.subject();
        Profile base = TestProfiles.profile(subject, 4);
        Profile complete = new Profile(subject, base.personal(), TestProfiles.fact(TestProfiles.debts(2, 1, 45), 2, AT),
                TestProfiles.fact(new ReportedFacts(new BigDecimal("3100"), 2, 1, 1, LocalDate.of(2026, 5, 1)), 3, AT));
        return ProfileCodec.document(complete, AT);
    }

    @Test
    void everyCharacteristicNamesASource() {
        for (Characteristic characteristic : Characteristic.values()) {
            assertThat(characteristic.sources()).as(characteristic.name()).isNotEmpty();
        }
    }

    @Test
    void everyProfileSourceIsAFieldTheContractWrites() {
        Document document = completeDocument();
        for (Characteristic characteristic : Characteristic.values()) {
            for (Characteristic.Source source : characteristic.sources()) {
                if (source.group() != null) {
                    assertThat(document.get(source.group().fieldName(), Document.class))
                            .as(characteristic + " reads " + source.group().fieldName() + "." + source.field())
                            .containsKey(source.field());
                } else {
                    assertThat(source.activity().feeds()).as(characteristic + " counts " + source.activity()).contains(Feed.ACTIVITY);
                    assertThat(source.days()).isPositive();
                }
            }
        }
    }

    @Test
    void everyCharacteristicHasAValueOnACompleteProfileReadThroughTheContract() {
        Profile read = ProfileCodec.read(completeDocument()).profile();
        ProfileFacts facts = ProfileFacts.from(read, 3);

        for (Characteristic characteristic : Characteristic.values()) {
            assertThat(characteristic.valueOf(facts, LocalDate.of(2026, 6, 30))).as(characteristic.name()).isNotNull();
        }
    }
}
