//! The map from gem5 type names to the constructors that build them from tree nodes.
//!
//! A component type is one registration: its gem5 type name, the names of the
//! parameters its constructor reads (so a test can compare them with the Python
//! class's declarations) and the constructor. The registry is generic over what a
//! constructor produces, so this crate stays free of ISAs and models.

use super::{ObjectNode, ObjectTree, ParamError, TreeError};
use std::collections::BTreeMap;

/// Why a node could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// No constructor is registered for the node's type.
    #[error("{path}: no component type {type_name} is known (known types: {known})")]
    UnknownType {
        /// The node's path.
        path: String,
        /// Its gem5 type name.
        type_name: String,
        /// The registered type names, comma separated.
        known: String,
    },
    /// A type was registered twice.
    #[error("component type {0} is registered twice")]
    DuplicateType(String),
    /// A parameter could not be read.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// The tree (a referenced object, a port binding) is not as the constructor needs.
    #[error(transparent)]
    Tree(#[from] TreeError),
    /// The constructor refused the node for another reason.
    #[error("{path}: {what}")]
    Invalid {
        /// The node's path.
        path: String,
        /// What is wrong, with the value and what is allowed.
        what: String,
    },
}

/// What a constructor may consult besides its own node: the rest of the tree.
pub struct BuildCtx<'a> {
    tree: &'a ObjectTree,
}

impl<'a> BuildCtx<'a> {
    /// A context over `tree`.
    pub fn new(tree: &'a ObjectTree) -> Self {
        BuildCtx { tree }
    }

    /// The whole tree.
    pub fn tree(&self) -> &'a ObjectTree {
        self.tree
    }

    /// The object at `path` (such as the target of an object parameter).
    pub fn node(&self, path: &str) -> Result<&'a ObjectNode, BuildError> {
        Ok(self.tree.node(path)?)
    }
}

/// Builds a `T` from a node.
pub type Constructor<T> = Box<dyn Fn(&ObjectNode, &mut BuildCtx) -> Result<T, BuildError>>;

/// One registered type.
pub struct RegistryEntry<T> {
    /// The parameters the constructor reads, sorted by name.
    pub params: Vec<String>,
    /// The constructor.
    pub constructor: Constructor<T>,
}

/// gem5 type name → constructor, for building a system from an [`ObjectTree`].
pub struct Registry<T> {
    entries: BTreeMap<String, RegistryEntry<T>>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry {
            entries: BTreeMap::new(),
        }
    }
}

impl<T> Registry<T> {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Register `type_name`, whose constructor reads the parameters `params`.
    pub fn register(
        &mut self,
        type_name: &str,
        params: &[&str],
        constructor: impl Fn(&ObjectNode, &mut BuildCtx) -> Result<T, BuildError> + 'static,
    ) -> Result<(), BuildError> {
        if self.entries.contains_key(type_name) {
            return Err(BuildError::DuplicateType(type_name.to_string()));
        }
        let mut params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
        params.sort();
        params.dedup();
        self.entries.insert(
            type_name.to_string(),
            RegistryEntry {
                params,
                constructor: Box::new(constructor),
            },
        );
        Ok(())
    }

    /// The registered type names, sorted.
    pub fn types(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The parameters `type_name`'s constructor reads, if it is registered.
    pub fn params_of(&self, type_name: &str) -> Option<&[String]> {
        self.entries.get(type_name).map(|e| e.params.as_slice())
    }

    /// The entry for `node`'s type, or an error naming the node, its type and the
    /// known types.
    pub fn entry_for(&self, node: &ObjectNode) -> Result<&RegistryEntry<T>, BuildError> {
        self.entries
            .get(&node.type_name)
            .ok_or_else(|| BuildError::UnknownType {
                path: node.path.clone(),
                type_name: node.type_name.clone(),
                known: self.types().collect::<Vec<_>>().join(", "),
            })
    }

    /// Build `node` with its type's constructor.
    pub fn build(&self, node: &ObjectNode, ctx: &mut BuildCtx) -> Result<T, BuildError> {
        (self.entry_for(node)?.constructor)(node, ctx)
    }

    /// Build every node of `tree` in tree order (parents first), paired with its path.
    pub fn build_all(&self, tree: &ObjectTree) -> Result<Vec<(String, T)>, BuildError> {
        let mut ctx = BuildCtx::new(tree);
        tree.nodes()
            .iter()
            .map(|node| Ok((node.path.clone(), self.build(node, &mut ctx)?)))
            .collect()
    }
}
