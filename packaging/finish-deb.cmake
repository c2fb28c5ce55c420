# Run by CPack on the staged tree, before it is packed: what Debian's policy
# asks of a package's documentation (man pages and the changelog gzipped,
# -n so the package is reproducible).
file(GLOB_RECURSE docs "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/usr/share/man/*.[1-8]"
     "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/usr/share/doc/thidua/changelog")
foreach(doc ${docs})
  execute_process(COMMAND gzip -9nf "${doc}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "gzip ${doc} failed")
  endif()
endforeach()
