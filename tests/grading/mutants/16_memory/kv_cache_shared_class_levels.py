"The per-layer levels live in a dict defined in the class body, shared by every KVCache: a second cache sees (and reset clears) the first one's levels (spec: each KVCache has its own storage and levels)."
REPLACES = "KVCache"
FAILS = ["test_kv_cache_append_get"]


class KVCache(KVCache):
    levels = {}                                        # BUG: one dict for all instances (belongs in __init__)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for layer in range(self.n_layers):
            self.levels.setdefault(layer, 0)

    def layer_length(self, layer):
        return self.levels[self._check_layer(layer)]

    @property
    def length(self):
        return min(self.levels[layer] for layer in range(self.n_layers))

    def append(self, layer, k, v):
        self._lengths = [self.levels[i] for i in range(self.n_layers)]
        super().append(layer, k, v)
        self.levels[layer] = self._lengths[layer]

    def get(self, layer):
        self._lengths = [self.levels[i] for i in range(self.n_layers)]
        return super().get(layer)

    def reset(self):
        for layer in range(self.n_layers):
            self.levels[layer] = 0
