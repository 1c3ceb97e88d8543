package dev.hotpath.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchEndpointTest {

    private final SearchEndpoint search = new SearchEndpoint(Catalog.standard());

    @Test
    void search_wordsAndANumber_everyWordMatchesAndPriceStaysUnderTheLimit() {
        List<SearchEndpoint.Hit> hits = search.search("red shoes 120");

        assertThat(hits).isNotEmpty().allSatisfy(hit -> {
            assertThat(hit.name()).contains("red").contains("shoes");
            assertThat(hit.price()).isLessThanOrEqualTo(120);
        });
        assertThat(search.search("red shoes")).hasSizeGreaterThan(hits.size());
    }

    @Test
    void search_wordInTagsOnly_matchesTheTagAndFlagsSales() {
        List<SearchEndpoint.Hit> hits = search.search("sale");

        assertThat(hits).isNotEmpty().allMatch(SearchEndpoint.Hit::onSale);
    }

    @Test
    void search_wordNowhere_findsNothing() {
        assertThat(search.search("kayak")).isEmpty();
    }
}
