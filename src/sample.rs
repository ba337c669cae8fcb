//! The sample evaluation: the seed report's project (东川区 城乡居民社会养老保险区级配套, 2019).
