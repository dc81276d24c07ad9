"""The checked model as a docs tree for the engine: pages, widgets, navigation, feed, vCards, charts."""
