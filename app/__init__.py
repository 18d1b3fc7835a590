"""tradeclaims: bilateral trade claims extracted from news articles, stored and served over time."""
